import type { SendResult } from './send-result.js';

/** The code of an attempt whose worker stopped before it recorded what happened. */
export const WORKER_LOST_CODE = 'WORKER_LOST';

/**
 * The attempt record for a send activity that timed out: the worker running it died or lost
 * Temporal mid-send, so whether the request reached the destination is unknown (ambiguous).
 * Judged like a network timeout: retried by default, parked under `at_most_once`.
 */
export function workerLostResult(url: string, startedAt: string, durationMs: number, activityTimeoutMs: number): SendResult {
  return lostResult(url, startedAt, durationMs, `The worker sending this attempt stopped or lost Temporal before recording a result (no result within the ${activityTimeoutMs} ms activity timeout)`);
}

/**
 * The attempt record for a first attempt that ran inside a workflow task which never
 * completed (its worker died or lost Temporal): like a lost send activity, it may or may not
 * have reached the destination.
 */
export function firstTaskLostResult(url: string, startedAt: string, durationMs: number): SendResult {
  return lostResult(url, startedAt, durationMs, "The worker making the first attempt (in the delivery's first workflow task) stopped or lost Temporal before recording a result");
}

function lostResult(url: string, startedAt: string, durationMs: number, what: string): SendResult {
  const message = `${what}; the request may or may not have reached the destination. Check the worker logs for a crash or restart.`;
  return { kind: 'network-error', url, startedAt, durationMs, code: WORKER_LOST_CODE, message };
}
