import { ActivityFailure, TimeoutFailure } from '@temporalio/workflow';
import type { SendResult } from '../core/delivery/send-result.js';
import { workerLostResult } from '../core/delivery/worker-lost.js';

/** The send activity's timeout, in milliseconds: the request's own timeout plus time to record the result. */
export const sendActivityTimeoutMs = (requestTimeoutMs: number) => requestTimeoutMs + 15_000;

/**
 * Runs one send activity. A send that times out (its worker was SIGKILLed, crashed or lost
 * Temporal mid-request) becomes a WORKER_LOST attempt, judged like any other, instead of an
 * error that would fail the workflow task: the request may have been written, so it is
 * ambiguous: retried by default, parked for an operator under `at_most_once`.
 */
export async function sendOrWorkerLost(send: () => Promise<SendResult>, url: string, requestTimeoutMs: number): Promise<SendResult> {
  const started = Date.now();
  try {
    return await send();
  } catch (err) {
    if (err instanceof ActivityFailure && err.cause instanceof TimeoutFailure) {
      return workerLostResult(url, new Date(started).toISOString(), Date.now() - started, sendActivityTimeoutMs(requestTimeoutMs));
    }
    throw err;
  }
}
