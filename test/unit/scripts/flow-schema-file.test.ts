import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { flowJsonSchema, flowJsonSchemaText } from '../../../scripts/flow-json-schema.js';

describe('schema/flow.schema.json', () => {
  it('is up to date with the zod schemas (run `npm run schema` after changing them)', async () => {
    const committed = await readFile(new URL('../../../schema/flow.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(flowJsonSchemaText());
  });

  it('describes flow files as written: strategy, buyers with a destination file or an inline destination, caps', () => {
    const schema = flowJsonSchema() as { required: string[]; additionalProperties: boolean; properties: Record<string, { items?: { properties: Record<string, { anyOf?: unknown[] }> } }> };
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'strategy', 'buyers']));
    expect(schema.additionalProperties).toBe(false);
    const buyer = schema.properties.buyers!.items!.properties;
    expect(Object.keys(buyer)).toEqual(['name', 'destination', 'ping', 'caps']);
    expect(buyer.destination!.anyOf).toHaveLength(2);
  });
});
