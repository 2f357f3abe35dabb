import { DEFAULT_RETRY_DELAY_MS } from '../../contract/defaults.js';
import type { RetryPlan } from '../../contract/delivery-plan.js';

/**
 * The wait, in milliseconds, before attempt `nextAttempt` (2 for the first retry).
 * A pure function of the config, the attempt number and `random` (0 to 1, used only for jitter),
 * as got's retry calculation is.
 * - `delays`: exact list, the last entry repeated when attempts outnumber it;
 * - `delay`: fixed;
 * - `backoff`: `initial * coefficient^(retry - 1)`, at most `maximum`;
 * - none: 1000 ms.
 * `jitter` then spreads the delay by up to that fraction either way.
 */
export function retryDelay(retry: Partial<RetryPlan>, nextAttempt: number, random = 0.5): number {
  const retryIndex = Math.max(0, nextAttempt - 2);
  let base: number;
  if (retry.delays && retry.delays.length > 0) base = retry.delays[Math.min(retryIndex, retry.delays.length - 1)]!;
  else if (retry.backoff) base = Math.min(retry.backoff.maximum, retry.backoff.initial * retry.backoff.coefficient ** retryIndex);
  else base = retry.delay ?? DEFAULT_RETRY_DELAY_MS;
  const jitter = retry.jitter ?? 0;
  if (jitter <= 0) return Math.round(base);
  return Math.max(0, Math.round(base * (1 + jitter * (2 * random - 1))));
}

/**
 * The wait before the next attempt, with a `Retry-After` taken into account: at least as
 * long as the server asked, clamped to `max_retry_after`.
 */
export function waitBeforeRetry(retry: RetryPlan, nextAttempt: number, retryAfterMs: number | undefined, random = 0.5): number {
  const base = retryDelay(retry, nextAttempt, random);
  if (retryAfterMs === undefined || !retry.respect_retry_after) return base;
  return Math.max(base, Math.min(retryAfterMs, retry.max_retry_after));
}
