import type { AttemptRecord } from '../delivery/delivery-result.js';
import { WORKER_LOST_CODE } from '../delivery/worker-lost.js';

/**
 * A buyer's bid window: `ping_timeout` from when its ping was actually sent, not from when the
 * auction started it. A ping child whose first workflow task waited for a worker (queued, or
 * held by a worker that was SIGKILLed until the task timed out) has its whole window once it
 * does send. Its retries fall inside the same window, so a buyer that does not answer is cut at
 * `ping_timeout` from its send however many attempts its ping allows. An attempt lost with its
 * worker (WORKER_LOST) does not use the window up: whatever the buyer answered to it was never
 * heard, so the next attempt, which the buyer can answer, opens a fresh one.
 */
type Attempt = Pick<AttemptRecord, 'startedAt' | 'errorCode'> & Partial<Pick<AttemptRecord, 'durationMs'>>;

/** When the current window opened (ms), or undefined when the next attempt opens it. */
export function pingWindowStartMs(attempts: readonly Attempt[]): number | undefined {
  let start: number | undefined;
  for (const a of attempts) {
    if (a.errorCode === WORKER_LOST_CODE) start = undefined;
    else start ??= Date.parse(a.startedAt);
  }
  return start;
}

/** The request timeout of the next attempt, starting at `nowMs`: its own timeout, cut to what is left of the window (at least 1 ms). */
export function pingAttemptTimeoutMs(attempts: readonly Attempt[], windowMs: number, requestTimeoutMs: number, nowMs: number): number {
  const start = pingWindowStartMs(attempts) ?? nowMs;
  return Math.max(1, Math.min(requestTimeoutMs, start + windowMs - nowMs));
}

/**
 * Whether a retry `delayMs` from now would still start in the window (a lost attempt's retry
 * always does: it opens a new one). Now is the later of `nowMs` and the end of the last attempt
 * (a workflow's clock stands still while its first task runs the first attempt).
 */
export function pingMayRetry(attempts: readonly Attempt[], windowMs: number, nowMs: number, delayMs: number): boolean {
  const start = pingWindowStartMs(attempts);
  if (start === undefined) return true;
  const last = attempts.at(-1);
  const lastEnd = last ? Date.parse(last.startedAt) + (last.durationMs ?? 0) : nowMs;
  return Math.max(nowMs, lastEnd) + delayMs < start + windowMs;
}

/**
 * Whether a ping that gave no bid was cut by its window: it ended on a timeout, and its own
 * request timeout was no shorter than the window (so every attempt's cut was the window's).
 */
export function pingCutByWindow(ping: { outcome: string; errorCode?: string }, windowMs: number, requestTimeoutMs: number): boolean {
  return ping.outcome !== 'success' && ping.errorCode === 'TIMEOUT' && requestTimeoutMs >= windowMs;
}
