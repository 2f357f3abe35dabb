import { DEFAULT_RETRY_DELAY_MS, type RetryConfig } from '../../config/retry-schema.js';

/**
 * The wait, in milliseconds, before attempt `nextAttempt` (2 for the first retry).
 * A pure function of the config and the attempt number, as got's retry calculation is.
 * - `delays`: exact list, the last entry repeated when attempts outnumber it;
 * - `delay`: fixed;
 * - neither: 1000 ms.
 */
export function retryDelay(retry: RetryConfig, nextAttempt: number): number {
  const retryIndex = Math.max(0, nextAttempt - 2);
  if (retry.delays && retry.delays.length > 0) {
    return retry.delays[Math.min(retryIndex, retry.delays.length - 1)]!;
  }
  return retry.delay ?? DEFAULT_RETRY_DELAY_MS;
}
