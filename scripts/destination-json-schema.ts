import { z } from 'zod';
import { DestinationSchema } from '../src/config/destination-schema.js';

export const SCHEMA_ID = 'https://leadwire.dev/schema/destination.schema.json';

/**
 * The JSON Schema of a destination file, generated from the zod schema that validates it
 * (as written, before defaults: `io: 'input'`), so editors autocomplete and check the same rules.
 * Rules JSON Schema cannot express (refinements, transforms) are left to `leadwire validate`.
 * The examples of each key are those of its `.meta(doc(...))`, as written in a file.
 */
export function destinationJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(DestinationSchema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
    // zod drops the examples of a key whose value is transformed (text values, templates), taking
    // them for output values; ours (doc-meta.ts) are written as in a file, so they are put back.
    override: ({ zodSchema, jsonSchema }) => {
      const examples = z.globalRegistry.get(zodSchema)?.examples;
      if (examples !== undefined && jsonSchema.examples === undefined) jsonSchema.examples = examples as never;
    },
  }) as Record<string, unknown>;
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
