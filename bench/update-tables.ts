// `npm run bench:tables [-- <results.json>]`: writes a bench run's tables (default: the last run's
// bench/results.json) into bench/README.md ("The latest run", and "History bytes per lead" when
// the run measured it) and docs/performance.md, between their generated-part markers. Regenerate after a quiet full run: `npm run bench && npm run bench:tables`.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../src/temporal/project-root.js';
import { HISTORY_BYTES_MARKERS, historyBytesSection, PERFORMANCE_MARKERS, performanceSection, README_MARKERS, readmeSection, replaceBetween, runLine, type BenchReport } from './bench-tables.js';

const source = process.argv[2] ?? fileURLToPath(new URL('./results.json', import.meta.url));
const report = JSON.parse(await readFile(source, 'utf8')) as BenchReport;
if (report.partial) throw new Error(`${source} is from a run that stopped early; its tables would be incomplete. Run the bench again.`);
if (!report.scenarios?.length && !report.history_bytes) throw new Error(`${source} has no scenario results (a --only cli-cold-start run?); run \`npm run bench\` first.`);
if (report.history_bytes?.error) throw new Error(`${source}: history-bytes failed (${report.history_bytes.error}); run it again.`);

const readme = join(PROJECT_ROOT, 'bench', 'README.md');
// A run of some scenarios only writes what it measured: `--only history-bytes` leaves the latest full tables as they are.
type Target = [string, readonly [string, string], (r: BenchReport) => string];
const targets: Target[] = [];
if (report.scenarios?.length) {
  targets.push([readme, README_MARKERS, readmeSection], [join(PROJECT_ROOT, 'docs', 'performance.md'), PERFORMANCE_MARKERS, performanceSection]);
}
if (report.history_bytes) targets.push([readme, HISTORY_BYTES_MARKERS, historyBytesSection]);
for (const [file, markers, section] of targets) {
  const text = await readFile(file, 'utf8');
  await writeFile(file, replaceBetween(text, markers, section(report), file));
  console.log(`Wrote the tables of ${source} into ${file}`);
}
console.log(runLine(report));
