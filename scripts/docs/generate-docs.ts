// npm run docs: writes the generated references, docs/config-reference.md (from the zod schemas),
// docs/cli-reference.md (from the commander program) and docs/errors.md (from the list of error
// codes, src/core/errors/error-codes.ts). A test fails when one is stale. Given paths (npm run
// docs:errors passes docs/errors.md), it writes only those.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';
import { GENERATED_DOCS } from './generated-docs.js';

const only = process.argv.slice(2);
const unknown = only.filter((file) => !(file in GENERATED_DOCS));
if (unknown.length > 0) throw new Error(`Not a generated doc: ${unknown.join(', ')}. Generated: ${Object.keys(GENERATED_DOCS).join(', ')}.`);
for (const [file, generate] of Object.entries(GENERATED_DOCS).filter(([file]) => only.length === 0 || only.includes(file))) {
  const out = join(PROJECT_ROOT, file);
  await writeFile(out, generate());
  console.log(`wrote ${out}`);
}
