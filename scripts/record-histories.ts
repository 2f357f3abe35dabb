// `npm run histories:record -- --release <name>`: records a set of workflow histories from the
// code as it is now into test/replay/histories/<name>/, for `npm test` to replay on every later
// release. Starts its own Temporal dev server, a worker with the real activities and a receiver
// on 127.0.0.1, and drives every workflow type down each of its paths (see scripts/histories).
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/temporal/project-root.js';
import { recordBatches } from './histories/batch-scenarios.js';
import { recordCaps } from './histories/cap-scenarios.js';
import { recordDeliveries, recordFirstAttempt } from './histories/delivery-scenarios.js';
import { recordFlows } from './histories/flow-scenarios.js';
import { createHistoryRecorder } from './histories/history-recorder.js';
import { recordLostWorkers } from './histories/lost-worker-scenarios.js';
import { recordingSource, writeManifest } from './histories/manifest.js';
import { startRecordingStack } from './histories/recording-stack.js';
import type { ScenarioContext } from './histories/scenario-context.js';

const HISTORIES_DIR = join(PROJECT_ROOT, 'test', 'replay', 'histories');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { release: { type: 'string' } } });
  const release = values.release;
  if (!release || !/^[\w.-]+$/.test(release)) {
    throw new Error('Usage: npm run histories:record -- --release <name>, e.g. 0.2.0-<short commit> (letters, digits, ".", "_" and "-").');
  }
  const dir = join(HISTORIES_DIR, release);
  if (existsSync(dir)) {
    throw new Error(`${dir} exists. A committed history is never edited or re-recorded: name a new release. (A set not yet committed: delete the folder first.)`);
  }
  const recordedFrom = recordingSource();
  const log = (line: string) => console.log(`histories: ${line}`);
  const started = Date.now();
  log(`recording release ${release} from ${recordedFrom.commit}`);
  const stack = await startRecordingStack(log);
  try {
    const ctx: ScenarioContext = { stack, recorder: createHistoryRecorder(stack.temporal, dir), log };
    // The common case first, alone: its one-task history needs a worker that is not busy.
    await recordFirstAttempt(ctx);
    // Then independent groups side by side; each waits for the states it records, never a fixed time.
    await allOrStop([recordDeliveries(ctx), recordLostWorkers(ctx), recordBatches(ctx), recordFlows(ctx), recordCaps(ctx)], () => stack.close());
    const manifest = await writeManifest(dir, release, recordedFrom, ctx.recorder.entries);
    const open = manifest.histories.filter((h) => h.state === 'open').length;
    log(`wrote ${manifest.histories.length} histories (${open} open) to ${dir} in ${Math.round((Date.now() - started) / 1000)} s`);
  } catch (err) {
    await stack.close();
    // A half-recorded set is no set: the folder is this run's own (it did not exist), so it goes.
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  await stack.close();
}

/**
 * Waits for every group; at the first failure stops the stack, so the others fail fast instead
 * of waiting out their timeouts, and rethrows that failure once all have ended (none writes after).
 */
async function allOrStop(groups: Promise<void>[], stop: () => Promise<void>): Promise<void> {
  let stopping: Promise<void> | undefined;
  const settled = await Promise.allSettled(
    groups.map((g) =>
      g.catch((err: unknown) => {
        stopping ??= stop();
        throw err;
      }),
    ),
  );
  await stopping;
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`histories: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
