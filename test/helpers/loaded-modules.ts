import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RECORDER = fileURLToPath(new URL('../fixtures/record-modules.mjs', import.meta.url));

export interface LoadedModulesRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Every module the process resolved or required: file: URLs, node: builtins and paths. */
  modules: string[];
}

/**
 * Runs `node [nodeArgs] <script> ...args` with test/fixtures/record-modules.mjs preloaded and returns
 * what the process loaded, so a test can assert what a command does not need.
 */
export async function runRecordingModules(script: string, args: string[], options: { cwd?: string; env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<LoadedModulesRun> {
  const dir = await mkdtemp(join(tmpdir(), 'leadwire-modules-'));
  const out = join(dir, 'modules.txt');
  try {
    const run = await new Promise<Omit<LoadedModulesRun, 'modules'>>((resolve) => {
      execFile(
        process.execPath,
        ['--import', RECORDER, ...(options.nodeArgs ?? []), script, ...args],
        { cwd: options.cwd, env: { ...process.env, ...options.env, LEADWIRE_RECORD_MODULES: out }, timeout: 150_000 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
    const modules = (await readFile(out, 'utf8').catch(() => '')).split('\n').filter(Boolean);
    return { ...run, modules };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The npm packages among loaded modules (`@temporalio/client`, `zod`), each once. */
export function packagesOf(modules: string[]): string[] {
  const names = new Set<string>();
  for (const m of modules) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(m.slice(m.lastIndexOf('node_modules/')));
    if (match) names.add(match[1]!);
  }
  return [...names].sort();
}
