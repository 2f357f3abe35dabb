// npm run docs: writes the generated references, docs/config-reference.md (from the zod schemas)
// and docs/cli-reference.md (from the commander program). A test fails when either is stale.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';
import { GENERATED_DOCS } from './generated-docs.js';

for (const [file, generate] of Object.entries(GENERATED_DOCS)) {
  const out = join(PROJECT_ROOT, file);
  await writeFile(out, generate());
  console.log(`wrote ${out}`);
}
