import { describe, expect, it } from 'vitest';
import { RetrySchema } from '../../../../src/config/retry-schema.js';
import { parseRetryAfter } from '../../../../src/core/retry/parse-retry-after.js';
import { isRetryableStatus } from '../../../../src/core/retry/is-retryable-status.js';
import { retryDelay, waitBeforeRetry } from '../../../../src/core/retry/retry-delay.js';

const retry = (r: object) => RetrySchema.parse(r);

describe('retry delays', () => {
  it('repeats the last of `delays`', () => {
    const r = retry({ max_attempts: 6, delays: [100, 200, 400] });
    expect([2, 3, 4, 5, 6].map((n) => retryDelay(r, n))).toEqual([100, 200, 400, 400, 400]);
  });
  it('grows exponentially up to the maximum, and jitters within the fraction', () => {
    const r = retry({ backoff: { initial: 100, coefficient: 3, maximum: 1000 } });
    expect([2, 3, 4, 5].map((n) => retryDelay(r, n))).toEqual([100, 300, 900, 1000]);
    const j = retry({ delay: 1000, jitter: 0.2 });
    expect(retryDelay(j, 2, 0)).toBe(800);
    expect(retryDelay(j, 2, 1)).toBe(1200);
  });
  it('waits at least a Retry-After, clamped to max_retry_after', () => {
    const r = retry({ delay: 100, max_retry_after: 5000 });
    expect(waitBeforeRetry(r, 2, 2000)).toBe(2000);
    expect(waitBeforeRetry(r, 2, 365 * 24 * 3600 * 1000)).toBe(5000);
    expect(waitBeforeRetry(retry({ delay: 100, respect_retry_after: false }), 2, 2000)).toBe(100);
  });
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
  it('retries 408, 429 and 5xx by default; dont_retry_on wins', () => {
    expect([408, 429, 500, 503, 400, 401, 404].map((s) => isRetryableStatus(s, {}))).toEqual([true, true, true, true, false, false, false]);
    expect(isRetryableStatus(503, { retry_on: [500, 502, 503, 504], dont_retry_on: [503] })).toBe(false);
  });
  it('rejects two delay styles at once', () => {
    expect(RetrySchema.safeParse({ delay: 1, backoff: { initial: 1 } }).success).toBe(false);
  });
});
