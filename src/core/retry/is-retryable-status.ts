import type { RetryPlan } from '../../contract/delivery-plan.js';

/** Statuses retried when the destination lists none: timeouts, rate limits and server errors. */
function isDefaultRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Whether a response with this status is worth another attempt. `dont_retry_on` wins
 * over `retry_on`, which replaces the default set.
 */
export function isRetryableStatus(status: number, retry: Pick<RetryPlan, 'retry_on' | 'dont_retry_on'>): boolean {
  if (retry.dont_retry_on?.includes(status)) return false;
  if (retry.retry_on) return retry.retry_on.includes(status);
  return isDefaultRetryableStatus(status);
}
