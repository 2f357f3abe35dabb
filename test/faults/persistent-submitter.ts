import type { DestinationInput } from '../../src/config/destination-schema.js';
import type { Lane } from './fault-stack.js';

/** What the submitter saw while the server could not take every start. */
export interface SubmitStats {
  /** startDelivery calls made (first tries and retries). */
  calls: number;
  /** Calls that failed (error or past the call deadline) and were tried again. */
  failedCalls: number;
  /** Leads whose start failed at least once. */
  retriedLeads: number;
  /** Retries answered "already started": the failed call had started the delivery after all. */
  startedByFailedCall: number;
}

export interface SubmitOptions {
  /** Each call's deadline, in milliseconds (a real client does not wait forever). */
  callTimeoutMs?: number;
  /** Give up on a lead after this long, in milliseconds. */
  giveUpMs?: number;
  /**
   * Start the leads one by one over this long, in milliseconds, each at its own moment and
   * whatever happened to the ones before (callers of an intake API keep coming during an
   * outage). Without it, `concurrency` leads at a time, as fast as they start.
   */
  spreadOverMs?: number;
  concurrency?: number;
}

/**
 * Starts leads the way a production client must while the server may be failing: each
 * `startDelivery` has a deadline, and a failed one is tried again until it succeeds. That is
 * safe because a start is idempotent: the delivery id is the workflow id, so a repeated start
 * answers `started: false` and never delivers twice (which the receiver's counts then check).
 */
export async function submitPersistently(lane: Lane, destination: DestinationInput, leads: unknown[], stats: SubmitStats, options: SubmitOptions = {}): Promise<string[]> {
  const { callTimeoutMs = 5000, giveUpMs = 90_000, spreadOverMs, concurrency = 4 } = options;
  const connection = lane.client.temporal.connection;
  const ids: string[] = new Array(leads.length);
  const start = async (i: number) => {
    const giveUp = Date.now() + giveUpMs;
    let failed = false;
    for (;;) {
      stats.calls++;
      try {
        const started = await connection.withDeadline(Date.now() + callTimeoutMs, () => lane.client.startDelivery(destination, leads[i]));
        if (failed && !started.started) stats.startedByFailedCall++;
        ids[i] = started.deliveryId;
        return;
      } catch (err) {
        stats.failedCalls++;
        if (!failed) stats.retriedLeads++;
        failed = true;
        if (Date.now() > giveUp) throw new Error(`lead ${i} could not be started within ${giveUpMs / 1000} s: ${(err as Error).message}`);
        await sleep(500);
      }
    }
  };
  if (spreadOverMs !== undefined) {
    await Promise.all(
      leads.map(async (_, i) => {
        await sleep((i * spreadOverMs) / leads.length);
        await start(i);
      }),
    );
    return ids;
  }
  let next = 0;
  const worker = async () => {
    while (next < leads.length) await start(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, leads.length) }, worker));
  return ids;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const newSubmitStats = (): SubmitStats => ({ calls: 0, failedCalls: 0, retriedLeads: 0, startedByFailedCall: 0 });

export const formatSubmitStats = (s: SubmitStats) =>
  `${s.failedCalls} failed starts retried (${s.retriedLeads} leads; ${s.startedByFailedCall} had started after all)`;
