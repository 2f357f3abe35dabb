import { z } from 'zod';
import { DestinationSchema } from '../src/config/destination-schema.js';

export const SCHEMA_ID = 'https://leadwire.dev/schema/destination.schema.json';

/**
 * The JSON Schema of a destination file, generated from the zod schema that validates it
 * (as written, before defaults: `io: 'input'`), so editors autocomplete and check the same rules.
 * Rules JSON Schema cannot express (refinements, transforms) are left to `leadwire validate`.
 */
export function destinationJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(DestinationSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: generated.$schema,
    $id: SCHEMA_ID,
    title: 'leadwire destination',
    description: 'One destination: where and how leadwire delivers a lead. Durations are in milliseconds, sizes in bytes. Check a file with `leadwire validate <file>`.',
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== '$schema')),
  };
}

/** The file's text: stable key order as generated, two-space indent, trailing newline. */
export function destinationJsonSchemaText(): string {
  return `${JSON.stringify(destinationJsonSchema(), null, 2)}\n`;
}
