import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import type { HistoryManifest } from '../../scripts/histories/manifest.js';
import { deliverySinks } from '../../src/metrics/delivery-sinks.js';
import { installRuntime } from '../../src/temporal/install-runtime.js';
import { historyFromJson } from './history-json.js';

/** test/replay/histories/<release>/: one folder per release, each with its manifest.json and history files. */
export const HISTORIES_DIR = fileURLToPath(new URL('./histories/', import.meta.url));

export interface CommittedHistory {
  release: string;
  file: string;
  workflowId: string;
  path: string;
}

export interface ReplayFailure {
  history: CommittedHistory;
  error: Error;
}

/** Every release folder, oldest name first; a new folder is picked up without any change here. */
export async function releaseFolders(): Promise<string[]> {
  const entries = await readdir(HISTORIES_DIR, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/**
 * The histories of one release, as its manifest lists them. A history file the manifest does
 * not list (or a listed one that is missing) is an error: its workflow id would be unknown.
 */
export async function committedHistories(release: string): Promise<CommittedHistory[]> {
  const dir = join(HISTORIES_DIR, release);
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as HistoryManifest;
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json') && f !== 'manifest.json').sort();
  const listed = new Set(manifest.histories.map((h) => h.file));
  const unlisted = files.filter((f) => !listed.has(f));
  const missing = [...listed].filter((f) => !files.includes(f));
  if (unlisted.length || missing.length) {
    throw new Error(`${release}/manifest.json does not match its folder: not listed ${JSON.stringify(unlisted)}, missing ${JSON.stringify(missing)}`);
  }
  return manifest.histories.map((h) => ({ release, file: h.file, workflowId: h.workflowId, path: h.path }));
}

/**
 * Replays each history against the given workflow code, one replay worker for all of them,
 * and returns those that failed, with the error (a DeterminismViolationError when the code
 * issues other commands than the history recorded).
 */
export async function replayHistories(options: ReplayWorkerOptions, histories: CommittedHistory[]): Promise<ReplayFailure[]> {
  // A quiet Core runtime (warnings and errors only): the replay worker's lifecycle lines are noise here.
  installRuntime();
  const failures: ReplayFailure[] = [];
  async function* load() {
    for (const h of histories) {
      const history = historyFromJson(JSON.parse(await readFile(join(HISTORIES_DIR, h.release, h.file), 'utf8')));
      yield { workflowId: h.workflowId, history };
    }
  }
  // The worker's sinks, as a real worker has them (not called on replay; unregistered, each call would be logged).
  const replayOptions: ReplayWorkerOptions = { replayName: 'committed-histories', sinks: deliverySinks(undefined, undefined), ...options };
  let i = 0;
  try {
    // The SDK replays one history at a time and yields one result for each, in order.
    for await (const result of Worker.runReplayHistories(replayOptions, load())) {
      const history = histories[i++]!;
      if (result.error) failures.push({ history, error: result.error });
    }
  } catch (err) {
    // A file that cannot be read as a history, or a replay worker that stops: say which file it was on.
    const at = histories[i];
    throw new Error(`Replay stopped at ${at ? `${at.release}/${at.file}` : 'the end'}: ${(err as Error).message}`, { cause: err });
  }
  return failures;
}

/** One line per failure: the file, what it covers, and the replay error. */
export function describeFailures(failures: ReplayFailure[]): string[] {
  return failures.map((f) => `${f.history.release}/${f.history.file} (${f.history.path}): ${f.error.name}: ${f.error.message}`);
}
