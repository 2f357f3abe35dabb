// `npm run bench:tables [-- <results.json>]`: writes a bench run's tables (default: the last run's
// bench/results.json) into bench/README.md ("The latest run") and docs/performance.md, between
// their generated-part markers. Regenerate after a quiet full run: `npm run bench && npm run bench:tables`.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../src/temporal/project-root.js';
import { PERFORMANCE_MARKERS, performanceSection, README_MARKERS, readmeSection, replaceBetween, runLine, type BenchReport } from './bench-tables.js';

const source = process.argv[2] ?? fileURLToPath(new URL('./results.json', import.meta.url));
const report = JSON.parse(await readFile(source, 'utf8')) as BenchReport;
if (report.partial) throw new Error(`${source} is from a run that stopped early; its tables would be incomplete. Run the bench again.`);
if (!report.scenarios?.length) throw new Error(`${source} has no scenario results (a --only cli-cold-start run?); run \`npm run bench\` first.`);

const targets: [string, readonly [string, string], (r: BenchReport) => string][] = [
  [join(PROJECT_ROOT, 'bench', 'README.md'), README_MARKERS, readmeSection],
  [join(PROJECT_ROOT, 'docs', 'performance.md'), PERFORMANCE_MARKERS, performanceSection],
];
for (const [file, markers, section] of targets) {
  const text = await readFile(file, 'utf8');
  await writeFile(file, replaceBetween(text, markers, section(report), file));
  console.log(`Wrote the tables of ${source} into ${file}`);
}
console.log(runLine(report));
