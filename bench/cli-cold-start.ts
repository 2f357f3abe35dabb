import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../src/temporal/project-root.js';
import type { TargetCheck } from './bench-report.js';
import { percentile } from './stats.js';

const run = promisify(execFile);

export interface ColdStartCommand {
  name: string;
  /** Median wall time from spawn to exit, in milliseconds. */
  median_ms: number;
  min_ms: number;
  max_ms: number;
  /** The median over `node -e 0`'s median (the target: under 5). */
  times_node?: number;
}

export interface ColdStartResult {
  runs: number;
  /** Whether `npm run build` ran first because dist/ was missing or older than src/. */
  built: boolean;
  commands: ColdStartCommand[];
  error?: string;
}

const EXAMPLE = join(PROJECT_ROOT, 'examples', 'destinations', 'demo-crm.yaml');
const MAIN = join(PROJECT_ROOT, 'dist', 'cli', 'main.js');

/** What is timed: the compiled CLI under plain node, next to node doing nothing. */
const COMMANDS: { name: string; args: string[] }[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'leadwire --help', args: [MAIN, '--help'] },
  { name: 'leadwire validate demo-crm.yaml', args: [MAIN, 'validate', EXAMPLE] },
];

/**
 * The cold start of the compiled CLI: each command spawned `runs` times in turn (one untimed
 * round first, so every run reads from a warm file cache), its median next to `node -e 0`'s.
 * Builds dist/ first when it is missing or older than a file in src/.
 */
export async function measureCliColdStart(runs: number, log: (line: string) => void): Promise<ColdStartResult> {
  let built = false;
  try {
    if (await distIsStale()) {
      log('cli cold start: building dist/ (npm run build) ...');
      await run('npm', ['run', 'build', '--silent'], { cwd: PROJECT_ROOT, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
      built = true;
    }
    const times = COMMANDS.map(() => [] as number[]);
    for (let round = -1; round < runs; round++) {
      for (const [i, command] of COMMANDS.entries()) {
        const started = performance.now();
        await run(process.execPath, command.args, { cwd: PROJECT_ROOT, timeout: 30_000 });
        if (round >= 0) times[i]!.push(performance.now() - started);
      }
    }
    const round1 = (n: number) => Math.round(n * 10) / 10;
    const commands: ColdStartCommand[] = COMMANDS.map((c, i) => ({
      name: c.name,
      median_ms: round1(percentile(times[i]!, 50)!),
      min_ms: round1(Math.min(...times[i]!)),
      max_ms: round1(Math.max(...times[i]!)),
    }));
    const base = commands[0]!.median_ms;
    for (const c of commands.slice(1)) c.times_node = Math.round((c.median_ms / base) * 100) / 100;
    return { runs, built, commands };
  } catch (err) {
    return { runs, built, commands: [], error: (err as Error).message.split('\n')[0] };
  }
}

export function formatColdStart(result: ColdStartResult): string {
  if (result.error) return `CLI cold start: FAILED (${result.error})`;
  const header = ['command (compiled CLI, plain node)', 'median ms', 'min ms', 'max ms', 'x node -e 0'];
  const rows = result.commands.map((c) => [c.name, String(c.median_ms), String(c.min_ms), String(c.max_ms), c.times_node === undefined ? '1' : String(c.times_node)]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [`CLI cold start, median of ${result.runs} runs each${result.built ? ' (dist/ built first)' : ''}:`, line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Each CLI command's cold start against the target: under 5 times `node -e 0`. */
export function coldStartTargets(result: ColdStartResult): TargetCheck[] {
  return COMMANDS.slice(1).map(({ name }) => {
    const c = result.commands.find((x) => x.name === name);
    return { target: `${name} cold start < 5x node -e 0`, met: c?.times_node === undefined ? undefined : c.times_node < 5, value: c?.times_node === undefined ? 'n/a' : `${c.times_node}x (${c.median_ms} ms)` };
  });
}

async function distIsStale(): Promise<boolean> {
  const builtAt = await stat(MAIN).then(
    (s) => s.mtimeMs,
    () => undefined,
  );
  if (builtAt === undefined) return true;
  return (await newestMtime(join(PROJECT_ROOT, 'src'))) > builtAt;
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}
