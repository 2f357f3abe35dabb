import { unjudgedVerdict } from '../core/response/unjudged-verdict.js';
import type { Verdict } from '../core/response/verdict.js';
import { applicationFailureOf } from './application-failure-of.js';

/** A judge step that failed on purpose becomes the verdict `unjudgedVerdict` describes. */
export async function judgedOrError<T extends { verdict: Verdict; retryDelayMs: number }>(judge: Promise<T>, unjudged: Omit<T, 'verdict' | 'retryDelayMs'>): Promise<T> {
  try {
    return await judge;
  } catch (err) {
    const failure = applicationFailureOf(err);
    if (!failure) throw err;
    return { ...unjudged, verdict: unjudgedVerdict(failure.type ?? undefined, failure.message), retryDelayMs: 0 } as T;
  }
}
