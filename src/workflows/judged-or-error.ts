import { unjudgedVerdict } from '../core/response/unjudged-verdict.js';
import { toErrorCode } from '../core/errors/error-codes.js';
import type { Verdict } from '../core/response/verdict.js';
import { applicationFailureOf } from './application-failure-of.js';

/** A judge step that failed on purpose becomes the verdict `unjudgedVerdict` describes. */
export async function judgedOrError<T extends { verdict: Verdict; retryDelayMs: number }>(judge: Promise<T>, unjudged: Omit<T, 'verdict' | 'retryDelayMs'>): Promise<T> {
  try {
    return await judge;
  } catch (err) {
    const failure = applicationFailureOf(err);
    if (!failure) throw err;
    return { ...unjudged, verdict: unjudgedVerdict(toErrorCode(failure.type, 'JUDGE_FAILED'), failure.message), retryDelayMs: 0 } as T;
  }
}
