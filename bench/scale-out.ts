import type { WorkflowHandle } from '@temporalio/client';
import { createLeadwireClient, type DeliveryResult, type LeadwireClient } from '../src/client/index.js';
import type { DestinationInput } from '../src/config/destination-schema.js';
import type { WorkerProcess } from './bench-processes.js';
import { body, LANES, leadOf, rate, startAndAwait, type BenchContext } from './bench-scenarios.js';
import type { ServerKind } from './bench-target.js';
import { runBounded, summarizeLatency, type LatencySummary } from './stats.js';
import { attributeDelivery, finishedElsewhere, tallyByWorker, type DeliveryAttribution, type WorkerTally } from './worker-attribution.js';

/** Worker processes per run, in order; each run adds one to those of the run before. */
export const SCALE_OUT_WORKERS = [1, 2, 3] as const;
/** The destination's request timeout: a send lost with a killed worker is given up after this plus 15 s. */
const REQUEST_TIMEOUT_MS = 2000;

export interface ScaleOutRun extends LatencySummary {
  workers: number;
  /** The run in which one worker is SIGKILLed while deliveries are in flight. */
  killed?: {
    worker: string;
    /** Seconds into the run, and deliveries finished by then. */
    at_seconds: number;
    after_finished: number;
    /** Deliveries the killed worker had begun (a workflow task of theirs completed on it) that another worker finished. */
    finished_elsewhere: number;
  };
  leads: number;
  /** Deliveries whose record says `success`. */
  delivered: number;
  /** Distinct Idempotency-Keys the receiver answered 2xx: each a lead received. */
  received: number;
  /** Requests the receiver answered: `received` plus raw duplicates. */
  requests: number;
  /** Attempts recorded as WORKER_LOST (a send lost with its worker), the only cause of a duplicate here. */
  worker_lost_attempts: number;
  seconds: number;
  leads_per_second: number;
  /** The most deliveries open at once (closed loop: at most the bench's 32 lanes). */
  peak_open: number;
  /** Deliveries each worker process ran, from the identity on each send's ActivityTaskStarted event. */
  per_worker: WorkerTally[];
  /** What did not hold (empty when the run is correct). */
  problems: string[];
}

export interface ScaleOutResult {
  name: 'scale-out';
  server: ServerKind;
  leads_per_run: number;
  runs: ScaleOutRun[];
  error?: string;
}

interface NamedWorker {
  name: string;
  process: WorkerProcess;
}

/**
 * `scale-out`: leadwire's workers as separate processes on one task queue, 1, then 2, then 3
 * (each run adds a worker to the ones already warm), each run delivering the same number of
 * leads; then, with `kill`, a run in which the second worker is SIGKILLed once a third of the
 * leads are done. Per run: the rate, the deliveries each worker ran (from the histories), and
 * checks that every lead was delivered and received once, that every worker took a share,
 * and, after the kill, that the survivors finished the killed worker's deliveries.
 */
export async function scaleOut(ctx: BenchContext, options: { kill: boolean; log: (line: string) => void }): Promise<ScaleOutResult> {
  const taskQueue = `${ctx.taskQueue}-scale-out`;
  const leadwire = await createLeadwireClient({ client: ctx.temporal, taskQueue });
  const destination = ctx.destination({
    name: `bench scale-out ${ctx.runId}`,
    url: `${ctx.receiver.url}/track/scale-out`,
    timeout: REQUEST_TIMEOUT_MS,
    body,
    // A send lost with a killed worker (WORKER_LOST) is tried again at once.
    retry: { max_attempts: 5, delay: 100 },
    park: { window: 0 },
  });
  const workers: NamedWorker[] = [];
  const runs: ScaleOutRun[] = [];
  const result: ScaleOutResult = { name: 'scale-out', server: ctx.server, leads_per_run: ctx.sizes.scaleOut, runs };
  try {
    for (const count of SCALE_OUT_WORKERS) {
      const added = await Promise.all(Array.from({ length: count - workers.length }, (_, i) => ctx.startWorker(taskQueue).then((p) => ({ name: `w${workers.length + i + 1}`, process: p }))));
      workers.push(...added);
      // Warm-up (not counted): the new worker loads its workflow bundle on its first task.
      await deliver(ctx, leadwire, destination, `scale-warmup-${count}`, ctx.sizes.warmup, ctx.sizes.deadlineMs);
      runs.push(await measure(ctx, leadwire, destination, workers, `scale-${count}`));
      options.log(`scale-out on the ${ctx.server === 'dev' ? 'dev server' : 'cluster'}: ${describeRun(runs.at(-1)!)}`);
    }
    if (options.kill) {
      runs.push(await measure(ctx, leadwire, destination, workers, 'scale-kill', workers[1]!));
      options.log(`scale-out on the ${ctx.server === 'dev' ? 'dev server' : 'cluster'}: ${describeRun(runs.at(-1)!)}`);
    }
  } catch (err) {
    result.error = (err as Error).message;
  } finally {
    await Promise.all(workers.map((w) => w.process.stop()));
  }
  return result;
}

function deliver(ctx: BenchContext, leadwire: LeadwireClient, destination: DestinationInput, prefix: string, count: number, deadlineMs: number, onResult?: (finished: number) => void) {
  const start = async (i: number) => (await leadwire.startDelivery(destination, leadOf(`${ctx.runId}-${prefix}-${i}`))).handle as WorkflowHandle;
  return startAndAwait(count, start, deadlineMs, `scale-out ${prefix}`, onResult);
}

async function measure(ctx: BenchContext, leadwire: LeadwireClient, destination: DestinationInput, workers: NamedWorker[], prefix: string, kill?: NamedWorker): Promise<ScaleOutRun> {
  const count = ctx.sizes.scaleOut;
  await ctx.receiver.reset();
  const t0 = performance.now();
  let killing: Promise<void> | undefined;
  let killed: { at_seconds: number; after_finished: number } | undefined;
  const onResult = (finished: number) => {
    if (!kill || killing || finished < count / 3) return;
    killed = { at_seconds: round((performance.now() - t0) / 1000), after_finished: finished };
    killing = kill.process.kill();
  };
  // A send lost with the killed worker is judged after its timeout plus 15 s: the kill run gets that much longer.
  const deadlineMs = ctx.sizes.deadlineMs + (kill ? REQUEST_TIMEOUT_MS + 30_000 : 0);
  const run = await deliver(ctx, leadwire, destination, prefix, count, deadlineMs, onResult);
  await killing;
  const records = run.results as DeliveryResult[];
  const stats = await ctx.receiver.stats();
  const attributions = await attribute(run.handles);
  const { tallies, unattributed, unknown } = tallyByWorker(attributions, workers.map((w) => ({ name: w.name, identity: w.process.identity })));
  const delivered = records.filter((r) => r.outcome === 'success').length;
  const workerLost = records.reduce((n, r) => n + r.attempts.filter((a) => a.errorCode === 'WORKER_LOST').length, 0);
  const moved = kill ? finishedElsewhere(attributions, kill.process.identity) : 0;

  const problems: string[] = [];
  if (delivered !== count) problems.push(`${delivered} of ${count} delivered`);
  if (stats.acked !== count) problems.push(`the receiver got ${stats.acked} distinct leads of ${count}`);
  const duplicates = stats.requests - stats.acked;
  if (duplicates > workerLost) problems.push(`${duplicates} raw duplicates, more than the ${workerLost} WORKER_LOST attempts that explain one each`);
  if (run.peakOpen > LANES) problems.push(`${run.peakOpen} deliveries were open at once, more than the ${LANES} lanes of the closed loop`);
  if (unattributed + unknown > 0) problems.push(`${unattributed} deliveries without a send worker in their history, ${unknown} by a worker the bench did not start`);
  // Spread: every worker still running took at least a quarter of an even share.
  const survivors = tallies.filter((t) => t.worker !== kill?.name);
  const floor = Math.floor(count / workers.length / 4);
  for (const t of survivors) if (t.deliveries < floor) problems.push(`${t.worker} ran ${t.deliveries} deliveries, under a quarter of an even share (${floor})`);
  return {
    workers: workers.length,
    ...(kill && killed ? { killed: { worker: kill.name, ...killed, finished_elsewhere: moved } } : {}),
    leads: count,
    delivered,
    received: stats.acked,
    requests: stats.requests,
    worker_lost_attempts: workerLost,
    seconds: round(run.seconds),
    leads_per_second: rate(count, run.seconds),
    ...summarizeLatency(run.latencies),
    peak_open: run.peakOpen,
    per_worker: tallies,
    problems,
  };
}

/** Each delivery's history, read for the identities of the workers that ran it. */
async function attribute(handles: readonly WorkflowHandle[]): Promise<DeliveryAttribution[]> {
  const attributions: DeliveryAttribution[] = [];
  await runBounded(handles.length, 16, async (i) => {
    attributions[i] = attributeDelivery((await handles[i]!.fetchHistory()).events ?? []);
  });
  return attributions;
}

export function describeRun(run: ScaleOutRun): string {
  const who = run.per_worker.map((t) => `${t.worker} ${t.deliveries}${run.killed?.worker === t.worker ? ' (killed)' : ''}`).join(', ');
  const kill = run.killed ? `, ${run.killed.worker} SIGKILLed at ${run.killed.at_seconds} s (${run.killed.finished_elsewhere} of its deliveries finished by the others)` : '';
  return `${run.workers} worker${run.workers > 1 ? 's' : ''}${kill}: ${run.leads_per_second} leads/s, ${who}${run.problems.length ? `; PROBLEMS: ${run.problems.join('; ')}` : ''}`;
}

function round(n: number) {
  return Math.round(n * 100) / 100;
}
