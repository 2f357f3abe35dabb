import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { LeadwireClient } from '../../src/client/index.js';
import { finishOnCurrent, startWorkers, switchWorkers } from './current-phase.js';
import { startOnPrevious } from './previous-phase.js';
import type { Release, ReleaseWorker, Target } from './release-processes.js';
import { taskFailures, touchedRuns } from './touched-workflows.js';
import { checkArrivals, checkHistories, checkOutcomes } from './upgrade-checks.js';
import { writeUpgradeConfigs, type StopKind } from './upgrade-configs.js';
import type { StartedOnPrevious, UpgradeContext } from './upgrade-context.js';
import type { UpgradeReceiver } from './upgrade-receiver.js';

export interface UpgradeRunOptions {
  target: Target;
  temporal: Client;
  leadwire: LeadwireClient;
  previous: Release;
  current: Release;
  receiver: UpgradeReceiver;
  /** The run's own folder: its destination and flow files, and its workers' logs. */
  dir: string;
  stop: StopKind;
  log(line: string): void;
}

export interface UpgradeRun {
  stop: StopKind;
  seconds: number;
  problems: string[];
}

/** One upgrade run: the previous release starts everything, is stopped `stop`-wise, the current one finishes; then the checks. */
export async function runUpgrade(o: UpgradeRunOptions): Promise<UpgradeRun> {
  const t0 = Date.now();
  const tag = `${o.stop}${Date.now().toString(36)}`;
  const log = (line: string) => o.log(`[${o.stop}] ${line}`);
  o.receiver.reset();
  const ctx: UpgradeContext = { ...o, configs: await writeUpgradeConfigs(o.dir, tag, o.receiver.url, o.stop), logDir: o.dir, log };
  const problems: string[] = [];
  const workers: ReleaseWorker[] = [];
  let started: StartedOnPrevious | undefined;
  try {
    const previous = await startWorkers(ctx, 'previous', o.stop);
    workers.push(...previous);
    log(`the previous release's workers poll ${o.target.taskQueue} (pids ${previous.map((w) => w.pid).join(', ')})`);
    started = await startOnPrevious(ctx);
    const switched = await switchWorkers(ctx, previous, o.stop, o.stop);
    workers.push(...switched.current);
    log(`the previous release's workers ended: ${switched.previousEnded.join(', ')}`);
    const outcomes = await finishOnCurrent(ctx, started);
    problems.push(...checkOutcomes(ctx, outcomes, switched));
    const arrivals = checkArrivals(o.receiver, outcomes);
    problems.push(...arrivals.problems);
    const runs = await touchedRuns(o.temporal, [...started.roots, ...outcomes.caps.map((c) => c.distributionId)]);
    const histories = checkHistories(runs, started, previous, switched.current);
    problems.push(...histories.problems);
    const tasks = runs.reduce((n, r) => n + r.taskWorkers.size, 0);
    log(
      `${runs.length} workflow runs touched (${histories.crossed} with workflow tasks completed by both releases, ${tasks} worker identities in all), ` +
        `${runs.reduce((n, r) => n + r.taskFailures.length, 0)} failed workflow tasks; ${o.receiver.arrivals.length} requests received, ${arrivals.extra} beyond the records' answered attempts, each matched by a lost attempt`,
    );
  } catch (err) {
    problems.push((err as Error).message);
    // A failed workflow task is the usual cause of a failed update or a result that never came.
    if (started) problems.push(...(await taskFailures(o.temporal, started.roots).catch(() => [])).filter((f) => !problems[0]!.includes(f)));
  } finally {
    for (const w of workers) w.signal('SIGTERM');
    await Promise.all(workers.map((w) => Promise.race([w.exited, new Promise((r) => setTimeout(r, 30_000).unref())])));
    for (const w of workers) w.signal('SIGKILL');
    if (started) await terminateLeftovers(o.temporal, started.roots);
  }
  const seconds = Math.round((Date.now() - t0) / 1000);
  if (problems.length) {
    log(`FAILED in ${seconds} s:\n  - ${problems.join('\n  - ')}`);
    await printLogTails(o.dir, workers);
  } else log(`passed in ${seconds} s`);
  return { stop: o.stop, seconds, problems };
}

/** What the run leaves running (the cap workflow lives on; a failed run leaves more) is terminated, so a shared server is left clean. */
async function terminateLeftovers(temporal: Client, roots: string[]): Promise<void> {
  const runs = await touchedRuns(temporal, roots).catch(() => []);
  await Promise.all(runs.filter((r) => r.running).map((r) => temporal.workflow.getHandle(r.workflowId, r.runId).terminate('upgrade test: done').catch(() => undefined)));
}

async function printLogTails(dir: string, workers: ReleaseWorker[]): Promise<void> {
  for (const w of workers) {
    const text = await readFile(join(dir, `${w.label}.log`), 'utf8').catch(() => '');
    // The SDK's own lines carry terminal colours; each is cut to what a CI log shows well.
    const lines = text.replace(/\u001b\[[0-9;]*m/g, '').trim().split('\n');
    const tail = lines.slice(-10).map((l) => (l.length > 400 ? `${l.slice(0, 400)}...` : l)).join('\n    ');
    console.log(`  worker ${w.label} (pid ${w.pid}), ${join(dir, `${w.label}.log`)}:${tail ? `\n    ${tail}` : ' (empty)'}`);
  }
}
