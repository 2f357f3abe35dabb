// npm run deps:table: rewrites the dependency table in SECURITY.md from package.json and package-lock.json.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/temporal/project-root.js';
import { withDependencyTable } from './dependency-table.js';

const file = join(PROJECT_ROOT, 'SECURITY.md');
await writeFile(file, withDependencyTable(await readFile(file, 'utf8'), PROJECT_ROOT));
console.log(`updated the dependency table in ${file}`);
