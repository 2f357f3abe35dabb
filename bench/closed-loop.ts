import { epochMs } from './stats.js';

export interface ClosedLoopRun<T> {
  /** Each item's result, by index. */
  results: T[];
  /** Milliseconds from each item's start to its end, in the order they ended. */
  latencies: number[];
  /** The most items open at once: never more than the lanes (the bench's self-check reads it). */
  peakOpen: number;
  /** From the first start to the last end. */
  seconds: number;
}

/**
 * Runs `runOne(i)` for i in [0, count) from `lanes` lanes, closed loop: a lane starts its next
 * item only once its previous one has ended, so at most `lanes` items are ever open, and an
 * item's latency is its own run time (the wait for a busy server included), never a queue of
 * items that were started and not yet served. `onEnd` hears how many have ended so far, after
 * each one. After the first failure no lane starts another item; the failure is thrown once
 * the items still open have ended.
 */
export async function closedLoop<T>(count: number, lanes: number, runOne: (i: number) => Promise<T>, onEnd?: (ended: number) => void): Promise<ClosedLoopRun<T>> {
  const results: T[] = [];
  const latencies: number[] = [];
  let next = 0;
  let open = 0;
  let peakOpen = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (next < count && !failure) {
      const i = next++;
      open += 1;
      peakOpen = Math.max(peakOpen, open);
      const t = epochMs();
      try {
        results[i] = await runOne(i);
        latencies.push(epochMs() - t);
        onEnd?.(latencies.length);
      } catch (error) {
        failure ??= { error };
      } finally {
        open -= 1;
      }
    }
  };
  const t0 = epochMs();
  await Promise.all(Array.from({ length: Math.min(lanes, count) }, lane));
  if (failure) throw failure.error;
  return { results, latencies, peakOpen, seconds: (epochMs() - t0) / 1000 };
}
