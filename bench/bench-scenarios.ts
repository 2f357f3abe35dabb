import http from 'node:http';
import type { Client, WorkflowHandle } from '@temporalio/client';
import got from 'got';
import type { LeadwireClient } from '../src/client/index.js';
import type { DestinationInput } from '../src/config/destination-schema.js';
import { deliveryIdFor } from '../src/core/delivery/delivery-id.js';
import type { ReceiverProcess, WorkerProcess } from './bench-processes.js';
import type { ServerKind } from './bench-target.js';
import { epochMs, limiter, runBounded, summarizeLatency, type LatencySummary } from './stats.js';

export interface BenchContext {
  /** The server this context's scenarios run on. */
  server: ServerKind;
  temporal: Client;
  leadwire: LeadwireClient;
  receiver: ReceiverProcess;
  /** leadwire's worker process. */
  worker: WorkerProcess;
  /** The trivial baseline's worker process (same settings), when `trivial-workflow` runs on this server. */
  trivialWorker?: WorkerProcess;
  /** Starts one more leadwire worker process on this server, on the given task queue. */
  startWorker(taskQueue: string): Promise<WorkerProcess>;
  /**
   * Runs a scenario's timed part, sampling `worker`'s RSS (default: leadwire's worker) and
   * reading the CPU seconds the server's processes and that worker (with its sandbox) used.
   */
  timed<T>(fn: () => Promise<T>, worker?: WorkerProcess): Promise<{ value: T; peakRssMb: number; cpuSeconds: Record<string, number> }>;
  taskQueue: string;
  trivialTaskQueue: string;
  runId: string;
  /** Makes a destination acceptable to this checkout (e.g. lets it send plain HTTP to loopback). */
  destination(input: DestinationInput): DestinationInput;
  /** Scenario sizes for this mode. */
  sizes: BenchSizes;
}

export interface BenchSizes {
  raw: number;
  trivial: number;
  single: number;
  steadyPerSecond: number;
  steadySeconds: number;
  retrying: number;
  batch: number;
  batchSize: number;
  /** Requests or workflows run first in each scenario and left out of its numbers. */
  warmup: number;
  /** Longest a scenario may run before it counts as failed, in milliseconds. */
  deadlineMs: number;
  /** Workflows whose history is fetched to count events. */
  historySample: number;
  /** Leads per scale-out run (each run with 1, 2 and 3 workers, and the run with one killed). */
  scaleOut: number;
}

export interface ScenarioResult extends LatencySummary {
  name: string;
  /** The server it ran on (the bench sets it). */
  server?: ServerKind;
  leads: number;
  delivered: number;
  seconds: number;
  leads_per_second: number;
  history_events_per_lead?: number;
  worker_peak_rss_mb: number;
  /** HTTP requests the receiver answered in the timed part (retries included). */
  requests?: number;
  /** CPU seconds each server process, and the worker with its sandbox (`bench-worker`), used in the timed part. */
  cpu_seconds?: Record<string, number>;
  notes?: string;
  error?: string;
}

/** Same-ish body as a rendered lead, so raw-http sends what deliveries send. */
export const leadOf = (id: string) => ({ id, email: `${id}@example.com`, first_name: 'Ada', last_name: 'Lovelace', phone: '+15555550100', zip: '94107' });
export const body = { format: 'json' as const, mapping: { lead_id: 'id', email: 'email', first_name: 'first_name', last_name: 'last_name', phone: 'phone', zip: 'zip' } };
const LANES = 32;
/**
 * Results awaited at once: each is a long poll, and a frontend refuses more than 1,200 at once
 * per namespace and API method (`frontend.namespaceCount`) with RESOURCE_EXHAUSTED. When
 * more workflows than this are open, a result is seen when a poll frees up, so latencies past
 * this many open workflows include that wait (they are queueing anyway).
 */
const RESULT_POLLS = 800;

function withDeadline<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

async function eventsPerWorkflow(handles: readonly WorkflowHandle[], sample: number): Promise<number | undefined> {
  const picked = handles.filter((_, i) => i % Math.max(1, Math.floor(handles.length / sample)) === 0).slice(0, sample);
  if (picked.length === 0) return undefined;
  const counts = await Promise.all(picked.map(async (h) => (await h.fetchHistory()).events?.length ?? 0));
  return Math.round((counts.reduce((a, b) => a + b, 0) / counts.length) * 100) / 100;
}

export const rate = (n: number, seconds: number) => Math.round((n / seconds) * 10) / 10;

/** `raw-http`: got with a keep-alive agent straight to the receiver; the network's limit here. */
export async function rawHttp(ctx: BenchContext): Promise<ScenarioResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const send = (i: number) =>
    got.post(`${ctx.receiver.url}/ok/raw`, { json: leadOf(`raw-${i}`), agent: { http: agent }, retry: { limit: 0 }, headers: { 'Idempotency-Key': `raw-${i}` } }).buffer();
  try {
    await runBounded(ctx.sizes.warmup * 4, LANES, async (i) => void (await send(-1 - i)));
    await ctx.receiver.reset();
    const latencies: number[] = [];
    const { value: seconds, peakRssMb, cpuSeconds } = await ctx.timed(async () => {
      const t0 = epochMs();
      await withDeadline(ctx.sizes.deadlineMs, 'raw-http', runBounded(ctx.sizes.raw, LANES * 2, async (i) => {
        const t = epochMs();
        await send(i);
        latencies.push(epochMs() - t);
      }));
      return (epochMs() - t0) / 1000;
    });
    const { requests } = await ctx.receiver.stats();
    return { name: 'raw-http', leads: ctx.sizes.raw, delivered: requests, seconds, leads_per_second: rate(ctx.sizes.raw, seconds), ...summarizeLatency(latencies), worker_peak_rss_mb: peakRssMb, cpu_seconds: cpuSeconds, requests, notes: `${LANES * 2} requests in flight` };
  } finally {
    agent.destroy();
  }
}

/**
 * Starts `count` workflows from `LANES` lanes and awaits each one's result; latency: start call
 * to result. `onResult` hears how many have finished so far, after each one.
 */
export async function startAndAwait(count: number, start: (i: number) => Promise<WorkflowHandle>, deadlineMs: number, what: string, onResult?: (finished: number) => void) {
  const latencies: number[] = [];
  const handles: WorkflowHandle[] = [];
  const results: Promise<unknown>[] = [];
  const awaitResult = limiter(RESULT_POLLS);
  const t0 = epochMs();
  await withDeadline(deadlineMs, what, (async () => {
    await runBounded(count, LANES, async (i) => {
      const t = epochMs();
      const handle = await start(i);
      handles[i] = handle;
      const result = awaitResult(() => handle.result()).then((r) => {
        latencies.push(epochMs() - t);
        onResult?.(latencies.length);
        return r;
      });
      // Promise.all below reports the first failure; the others must not crash the bench unheard.
      result.catch(() => {});
      results.push(result);
    });
    await Promise.all(results);
  })());
  const seconds = (epochMs() - t0) / 1000;
  return { latencies, handles, results: await Promise.all(results), seconds };
}

/** `trivial-workflow`: one no-op activity per workflow; the server's limit for a workflow per lead. */
export async function trivialWorkflow(ctx: BenchContext): Promise<ScenarioResult> {
  const trivialWorker = ctx.trivialWorker;
  if (!trivialWorker) throw new Error(`trivial-workflow needs the trivial worker, which was not started on the ${ctx.server} server.`);
  const start = (prefix: string) => (i: number) =>
    ctx.temporal.workflow.start('trivialWorkflow', { taskQueue: ctx.trivialTaskQueue, workflowId: `${ctx.runId}-${prefix}-${i}`, args: [`lead-${i}`] });
  await startAndAwait(ctx.sizes.warmup, start('trivial-warmup'), ctx.sizes.deadlineMs, 'trivial-workflow warm-up');
  const { value: run, peakRssMb, cpuSeconds } = await ctx.timed(() => startAndAwait(ctx.sizes.trivial, start('trivial'), ctx.sizes.deadlineMs, 'trivial-workflow'), trivialWorker);
  return {
    name: 'trivial-workflow',
    leads: ctx.sizes.trivial,
    delivered: run.results.length,
    seconds: run.seconds,
    leads_per_second: rate(ctx.sizes.trivial, run.seconds),
    ...summarizeLatency(run.latencies),
    history_events_per_lead: await eventsPerWorkflow(run.handles, ctx.sizes.historySample),
    worker_peak_rss_mb: peakRssMb,
    cpu_seconds: cpuSeconds,
  };
}

/** Delivers `count` leads one workflow each through leadwire's client, the way `trivialWorkflow` runs. */
async function deliverSingles(ctx: BenchContext, name: string, destination: DestinationInput, count: number, prefix: string) {
  return startAndAwait(count, async (i) => (await ctx.leadwire.startDelivery(destination, leadOf(`${ctx.runId}-${prefix}-${i}`))).handle, ctx.sizes.deadlineMs, name);
}

const delivered = (results: unknown[]) => results.filter((r) => (r as { outcome?: string }).outcome === 'success').length;

/** `single`: leadwire's own deliveries, one workflow per lead, as fast as they go. */
export async function single(ctx: BenchContext): Promise<ScenarioResult> {
  const destination = ctx.destination({ name: `bench single ${ctx.runId}`, url: `${ctx.receiver.url}/ok/single`, timeout: 5000, body, park: { window: 0 } });
  await deliverSingles(ctx, 'single warm-up', destination, ctx.sizes.warmup, 'single-warmup');
  await ctx.receiver.reset();
  const { value: run, peakRssMb, cpuSeconds } = await ctx.timed(() => deliverSingles(ctx, 'single', destination, ctx.sizes.single, 'single'));
  return {
    name: 'single',
    leads: ctx.sizes.single,
    delivered: delivered(run.results),
    seconds: run.seconds,
    leads_per_second: rate(ctx.sizes.single, run.seconds),
    ...summarizeLatency(run.latencies),
    history_events_per_lead: await eventsPerWorkflow(run.handles, ctx.sizes.historySample),
    worker_peak_rss_mb: peakRssMb,
    cpu_seconds: cpuSeconds,
    requests: (await ctx.receiver.stats()).requests,
  };
}

/** `steady`: a fixed arrival rate; latency from the start call to the receiver's 2xx. */
export async function steady(ctx: BenchContext): Promise<ScenarioResult> {
  const { steadyPerSecond: perSecond, steadySeconds } = ctx.sizes;
  const count = perSecond * steadySeconds;
  const destination = ctx.destination({ name: `bench steady ${ctx.runId}`, url: `${ctx.receiver.url}/track/steady`, timeout: 5000, body, park: { window: 0 } });
  await ctx.receiver.reset();
  const awaitResult = limiter(RESULT_POLLS);
  const startedAt = new Map<string, number>();
  const results: Promise<unknown>[] = [];
  const { value: seconds, peakRssMb, cpuSeconds } = await ctx.timed(async () => {
    const t0 = epochMs();
    // Open loop: lead i starts at t0 + i / rate, however long earlier ones take.
    for (let i = 0; i < count; i++) {
      const due = t0 + (i * 1000) / perSecond;
      const wait = due - epochMs();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const lead = leadOf(`${ctx.runId}-steady-${i}`);
      startedAt.set(deliveryIdFor(destination.name, lead.id), epochMs());
      const result = ctx.leadwire.startDelivery(destination, lead).then((s) => awaitResult(() => s.handle.result()));
      result.catch(() => {});
      results.push(result);
    }
    await withDeadline(ctx.sizes.deadlineMs, 'steady', Promise.all(results));
    return (epochMs() - t0) / 1000;
  });
  const acks = await ctx.receiver.acks();
  const latencies: number[] = [];
  for (const [id, t] of startedAt) {
    const ack = acks[id];
    if (ack !== undefined) latencies.push(ack - t);
  }
  const all = await Promise.all(results);
  return {
    name: 'steady',
    leads: count,
    delivered: delivered(all),
    seconds,
    leads_per_second: rate(count, seconds),
    ...summarizeLatency(latencies),
    worker_peak_rss_mb: peakRssMb,
    cpu_seconds: cpuSeconds,
    requests: (await ctx.receiver.stats()).requests,
    notes: `${perSecond} leads/s offered for ${steadySeconds} s; latency: start call to receiver's 2xx (${latencies.length} matched)`,
  };
}

/** `retrying`: the receiver answers 503 to 30% of requests; every lead must still be delivered. */
export async function retrying(ctx: BenchContext): Promise<ScenarioResult> {
  const destination = ctx.destination({
    name: `bench retrying ${ctx.runId}`,
    url: `${ctx.receiver.url}/flaky/retrying`,
    timeout: 5000,
    body,
    // 30% failures: 20 attempts leave a lead undelivered with probability 0.3^20, about 3.5e-11.
    retry: { max_attempts: 20, delay: 100 },
    park: { window: 0 },
  });
  await ctx.receiver.reset();
  const { value: run, peakRssMb, cpuSeconds } = await ctx.timed(() => deliverSingles(ctx, 'retrying', destination, ctx.sizes.retrying, 'retrying'));
  const stats = await ctx.receiver.stats();
  return {
    name: 'retrying',
    leads: ctx.sizes.retrying,
    delivered: delivered(run.results),
    seconds: run.seconds,
    leads_per_second: rate(ctx.sizes.retrying, run.seconds),
    ...summarizeLatency(run.latencies),
    history_events_per_lead: await eventsPerWorkflow(run.handles, ctx.sizes.historySample),
    worker_peak_rss_mb: peakRssMb,
    cpu_seconds: cpuSeconds,
    requests: stats.requests,
    notes: `${stats.failed} of ${stats.requests} requests answered 503, retried after 100 ms`,
  };
}

/**
 * `batch`: all leads handed to `startDeliveries` at once (batcher signals), sent 100 a request.
 * Time: from the submit call to the receiver's 2xx for the last batch; every batch's record is
 * then read to count the leads delivered. Latency: submit call to the lead's batch 2xx.
 */
export async function batch(ctx: BenchContext): Promise<ScenarioResult> {
  const { batch: count, batchSize } = ctx.sizes;
  const destination = ctx.destination({
    name: `bench batch ${ctx.runId}`,
    url: `${ctx.receiver.url}/track/batch`,
    timeout: 10_000,
    body,
    retry: { max_attempts: 5, delay: 100 },
    park: { window: 0 },
    batch: { size: batchSize, timeout: 1000 },
  });
  const leads = Array.from({ length: count }, (_, i) => leadOf(`${ctx.runId}-batch-${i}`));
  const expectedBatches = Math.ceil(count / batchSize);
  await ctx.receiver.reset();
  const { value: t0, peakRssMb, cpuSeconds } = await ctx.timed(async () => {
    const t0 = epochMs();
    await ctx.leadwire.startDeliveries(destination, leads);
    await withDeadline(ctx.sizes.deadlineMs, 'batch', (async () => {
      while ((await ctx.receiver.stats()).acked < expectedBatches) await new Promise((r) => setTimeout(r, 50));
    })());
    return t0;
  });
  const acks = await ctx.receiver.acks();
  const ackTimes = Object.values(acks);
  const seconds = (Math.max(...ackTimes) - t0) / 1000;
  // Every batch's record, to count delivered leads (and the batch's history, for events per lead).
  const handles = Object.keys(acks).map((id) => ctx.temporal.workflow.getHandle(id));
  const records = await Promise.all(handles.map((h) => h.result() as Promise<{ leads: { outcome: string }[] }>));
  const deliveredLeads = records.reduce((n, r) => n + r.leads.filter((l) => l.outcome === 'success').length, 0);
  const latencies = records.flatMap((r, i) => r.leads.map(() => ackTimes[i]! - t0));
  const perBatch = await eventsPerWorkflow(handles, Math.min(ctx.sizes.historySample, handles.length));
  const batcherEvents = await batcherHistoryEvents(ctx, destination.name);
  return {
    name: 'batch',
    leads: count,
    delivered: deliveredLeads,
    seconds,
    leads_per_second: rate(count, seconds),
    ...summarizeLatency(latencies),
    history_events_per_lead: perBatch === undefined ? undefined : Math.round((perBatch / batchSize + batcherEvents / count) * 1000) / 1000,
    worker_peak_rss_mb: peakRssMb,
    cpu_seconds: cpuSeconds,
    requests: (await ctx.receiver.stats()).requests,
    notes: `${expectedBatches} requests of ${batchSize} leads; events/lead = batch workflow's events / ${batchSize} + batcher's ${batcherEvents} events / ${count}`,
  };
}

/** Events in every run of the destination's batcher (it continues as new as it grows). */
async function batcherHistoryEvents(ctx: BenchContext, destinationName: string): Promise<number> {
  let total = 0;
  for await (const wf of ctx.temporal.workflow.list({ query: `WorkflowType = 'leadBatcher' AND LeadwireDestination = '${destinationName}'` })) total += wf.historyLength;
  return total;
}

export const SCENARIOS = { 'raw-http': rawHttp, 'trivial-workflow': trivialWorkflow, single, steady, retrying, batch } as const;
export type ScenarioName = keyof typeof SCENARIOS;
