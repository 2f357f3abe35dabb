import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { destinationJsonSchema, destinationJsonSchemaText } from '../../../scripts/destination-json-schema.js';

describe('schema/destination.schema.json', () => {
  it('is up to date with the zod schemas (run `npm run schema` after changing them)', async () => {
    const committed = await readFile(new URL('../../../schema/destination.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(destinationJsonSchemaText());
  });

  it('describes destination files as written: required name and url, unknown keys refused', () => {
    const schema = destinationJsonSchema() as { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'url']));
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['name', 'url', 'method', 'headers', 'timeout', 'body', 'retry', 'success_codes', 'response_parser']));
  });
});
