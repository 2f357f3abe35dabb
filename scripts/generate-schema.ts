// npm run schema: writes schema/destination.schema.json from the zod schemas.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../src/temporal/project-root.js';
import { destinationJsonSchemaText } from './destination-json-schema.js';

const out = join(PROJECT_ROOT, 'schema', 'destination.schema.json');
await mkdir(dirname(out), { recursive: true });
await writeFile(out, destinationJsonSchemaText());
console.log(`wrote ${out}`);
