import { runReleaseCli, startReleaseWorker, type ReleaseWorker } from './release-processes.js';
import { taskFailures } from './touched-workflows.js';
import { upgradeLead, type StopKind } from './upgrade-configs.js';
import { idsIn, type BatchRecord, type DeliveryRecord, type FlowRecord, type StartedOnPrevious, type UpgradeContext } from './upgrade-context.js';

/** Two workers of a release on the target, started side by side. */
export async function startWorkers(ctx: UpgradeContext, release: 'previous' | 'current', run: string): Promise<ReleaseWorker[]> {
  const r = ctx[release];
  return Promise.all([1, 2].map((n) => startReleaseWorker(r, ctx.target, ctx.temporal, `${run}-${release}-${n}`, ctx.logDir)));
}

export interface Switched {
  current: ReleaseWorker[];
  /** Epoch ms when the previous release's workers were told to stop. */
  at: number;
  /** How each previous worker ended (`exit code 0` after SIGTERM, `killed by SIGKILL`). */
  previousEnded: string[];
}

/**
 * Stops the previous release's workers (SIGTERM: they stop polling and finish the send they
 * hold, the held ping, whose answer comes only after the switch; SIGKILL: that send is lost,
 * a WORKER_LOST attempt once its timeout passes) and starts the current release's workers on
 * the same task queue. Then the receiver answers the held ping.
 */
export async function switchWorkers(ctx: UpgradeContext, previous: ReleaseWorker[], stop: StopKind, run: string): Promise<Switched> {
  const at = Date.now();
  for (const w of previous) w.signal(stop === 'term' ? 'SIGTERM' : 'SIGKILL');
  if (stop === 'kill') await Promise.all(previous.map((w) => w.exited));
  const current = await startWorkers(ctx, 'current', run);
  ctx.log(`switch: the previous release's workers ${stop === 'term' ? 'were sent SIGTERM' : 'were SIGKILLed'}; the current release's workers poll ${ctx.target.taskQueue} (${((Date.now() - at) / 1000).toFixed(1)} s)`);
  ctx.receiver.releaseHeld();
  const previousEnded = await Promise.all(
    previous.map((w) => Promise.race([w.exited, new Promise<string>((r) => setTimeout(() => r('still running 120 s after SIGTERM'), 120_000).unref())])),
  );
  if (previousEnded.some((e) => e.startsWith('still running'))) throw new Error(`a previous release's worker did not stop: ${previousEnded.join(', ')}`);
  return { current, at, previousEnded };
}

/** What the current release ends with: every record, by scenario. */
export interface Outcomes {
  parked: DeliveryRecord[];
  waiting: DeliveryRecord;
  timer: DeliveryRecord;
  sizeBatch: DeliveryRecord[];
  windowBatch: DeliveryRecord[];
  batches: BatchRecord[];
  caps: FlowRecord[];
  auction: FlowRecord;
  /** Child deliveries of the flows (pings and posts), by delivery id. */
  children: Map<string, DeliveryRecord>;
  /** What the current CLI's bulk retry printed. */
  bulkRetry: string;
}

/**
 * With the current release's workers: the parked deliveries are retried with the current CLI
 * (bulk, by destination, the `retry` update), the waiting one with the current client, the open
 * batch gets its third lead, the capped buyer two more leads; the retry timer and the batch
 * window end on their own. Then every record, read while watching the histories for a failed
 * workflow task, so a workflow the current code cannot replay fails the run at once.
 */
export async function finishOnCurrent(ctx: UpgradeContext, started: StartedOnPrevious): Promise<Outcomes> {
  const { configs: c, current, target } = ctx;
  const cli = (args: string[]) => runReleaseCli(current, target, args);
  const lead = (id: string) => JSON.stringify(upgradeLead(`${id}-${c.tag}`));
  ctx.receiver.setParking(false);
  const acted = Promise.all([
    cli(['retry', '--destination', c.park.name, '--by', 'upgrade-test']),
    ctx.leadwire.retry(started.waiting, { requestedBy: 'upgrade-test' }),
    cli(['deliver', c.sizeBatch.file, '--lead', lead('size-3'), '--json']),
    (async () => {
      // One after the other: the second must find the cap full.
      const second = await cli(['distribute', c.caps.file, '--lead', lead('caps-2'), '--wait', '--json']);
      const third = await cli(['distribute', c.caps.file, '--lead', lead('caps-3'), '--wait', '--json']);
      return [started.capsFirst, idsIn(second.stdout, 'distributionId')[0]!, idsIn(third.stdout, 'distributionId')[0]!];
    })(),
  ]);
  const [bulkRetry, , sizeThird, caps] = await watchingHistories(ctx, started.roots, acted);
  const sizeBatch = [...started.sizeBatch, idsIn(sizeThird.stdout, 'deliveryId')[0]!];
  const result = <T>(id: string) => ctx.temporal.workflow.getHandle(id).result() as Promise<T>;
  const records = Promise.all([
    Promise.all(started.parked.map((id) => result<DeliveryRecord>(id))),
    result<DeliveryRecord>(started.waiting),
    result<DeliveryRecord>(started.timer),
    Promise.all(sizeBatch.map((id) => ctx.leadwire.result(id) as Promise<DeliveryRecord>)),
    Promise.all(started.windowBatch.map((id) => ctx.leadwire.result(id) as Promise<DeliveryRecord>)),
    Promise.all(caps.map((id) => result<FlowRecord>(id))),
    result<FlowRecord>(started.auction),
  ]);
  const [parked, waiting, timer, size, window, capsRecords, auction] = await watchingHistories(ctx, [...started.roots, ...caps], records);
  const batchIds = [...new Set([...size, ...window].map((r) => r.batchId).filter((id): id is string => Boolean(id)))];
  const flowChildren = [...capsRecords, auction].flatMap((f) => [...f.posts.map((p) => p.deliveryId), ...f.buyers.flatMap((b) => (b.ping ? [b.ping.deliveryId] : []))]);
  const [batches, children] = await Promise.all([
    Promise.all(batchIds.map((id) => result<BatchRecord>(id))),
    Promise.all(flowChildren.map(async (id) => [id, await result<DeliveryRecord>(id)] as const)),
  ]);
  return { parked, waiting, timer, sizeBatch: size, windowBatch: window, batches, caps: capsRecords, auction, children: new Map(children), bulkRetry: bulkRetry.stdout };
}

/** Waits for `work`, failing early with the failures when any workflow under `roots` fails a workflow task; at most 5 minutes. */
async function watchingHistories<T>(ctx: UpgradeContext, roots: string[], work: Promise<T>): Promise<T> {
  let done = false;
  const watch = (async (): Promise<never> => {
    const deadline = Date.now() + 300_000;
    while (!done) {
      const failures = await taskFailures(ctx.temporal, roots).catch(() => []);
      if (failures.length > 0) throw new Error(`workflow tasks failed on the current release:\n  ${failures.join('\n  ')}`);
      if (Date.now() > deadline) throw new Error('the workflows did not all finish within 5 minutes on the current release');
      await new Promise((r) => setTimeout(r, 3000));
    }
    return new Promise<never>(() => {});
  })();
  // A failure found after the work ended is not reported twice.
  watch.catch(() => undefined);
  try {
    return await Promise.race([work, watch]);
  } finally {
    done = true;
  }
}
