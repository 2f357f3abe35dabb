import type { Verdict } from '../core/response/verdict.js';
import { applicationFailureOf } from './application-failure-of.js';

/**
 * Judging an attempt that could not be judged (its response rules went past the sandbox's
 * limits) is a verdict of its own: `error`, not retried — the request was sent, so sending it
 * again could duplicate the lead. The attempt is recorded and the delivery parks for an operator.
 */
export async function judgedOrError<T extends { verdict: Verdict; retryDelayMs: number }>(judge: Promise<T>, unjudged: Omit<T, 'verdict' | 'retryDelayMs'>): Promise<T> {
  try {
    return await judge;
  } catch (err) {
    const failure = applicationFailureOf(err);
    if (!failure) throw err;
    const verdict: Verdict = { outcome: 'error', errorCode: failure.type ?? 'JUDGE_FAILED', reason: failure.message, retryable: false, fields: {} };
    return { ...unjudged, verdict, retryDelayMs: 0 } as T;
  }
}
