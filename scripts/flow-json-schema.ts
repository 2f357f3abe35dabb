import { z } from 'zod';
import { FlowSchema } from '../src/config/flow-schema.js';

export const FLOW_SCHEMA_ID = 'https://leadwire.dev/schema/flow.schema.json';

/**
 * The JSON Schema of a flow file, generated from the zod schema that validates it (as
 * written, before defaults), inline destinations included. Cross-field rules (which options
 * go with which strategy) are left to `leadwire validate`.
 */
export function flowJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(FlowSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: generated.$schema,
    $id: FLOW_SCHEMA_ID,
    title: 'leadwire flow',
    description: 'One lead, many buyers: fan-out (all), waterfall (in_order) or ping-post. Each buyer is a destination file (relative to the flow file) or an inline destination. Durations are in milliseconds. Check a file with `leadwire validate <file>`.',
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== '$schema')),
  };
}

export function flowJsonSchemaText(): string {
  return `${JSON.stringify(flowJsonSchema(), null, 2)}\n`;
}
