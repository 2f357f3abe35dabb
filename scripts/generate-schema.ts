// npm run schema: writes schema/destination.schema.json and schema/flow.schema.json from the zod schemas.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../src/temporal/project-root.js';
import { destinationJsonSchemaText } from './destination-json-schema.js';
import { flowJsonSchemaText } from './flow-json-schema.js';

for (const [file, text] of [
  ['destination.schema.json', destinationJsonSchemaText()],
  ['flow.schema.json', flowJsonSchemaText()],
] as const) {
  const out = join(PROJECT_ROOT, 'schema', file);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, text);
  console.log(`wrote ${out}`);
}
