import { z } from 'zod';
import { milliseconds, statusCode } from './units.js';

/** Exponential backoff: `initial * coefficient^(retry - 1)`, capped at `maximum`, optionally jittered. */
export const BackoffSchema = z.strictObject({
  /** First retry delay, in milliseconds. */
  initial: milliseconds().min(1, { error: 'expected at least 1 millisecond' }),
  /** Factor applied per retry (default 2). */
  coefficient: z.number().min(1, { error: 'expected a coefficient of 1 or more' }).max(100).default(2),
  /** Longest delay, in milliseconds (default 1 hour). */
  maximum: milliseconds().default(3_600_000),
});

/**
 * When and how often a failed attempt is tried again (the guide's "Retry Configuration").
 * `max_attempts` counts every attempt, the first included.
 */
export const RetrySchema = z
  .strictObject({
    /** Total attempts, the first included. */
    max_attempts: z.number().int().min(1, { error: 'expected at least 1 attempt' }).max(100).default(3),
    /** Fixed delay between attempts, in milliseconds. */
    delay: milliseconds().optional(),
    /** Exact delays between attempts, in milliseconds; the last one repeats if attempts outnumber it. */
    delays: z.array(milliseconds()).min(1, { error: 'expected at least one delay' }).optional(),
    /** Exponential backoff instead of a fixed delay. */
    backoff: BackoffSchema.optional(),
    /** Spread each delay by up to this fraction either way (0.2: ±20 %), so retries do not arrive in step. Default 0. */
    jitter: z.number().min(0).max(1, { error: 'expected a fraction between 0 and 1' }).default(0),
    /** Status codes that are retried (replaces the default 408, 429 and 5xx). */
    retry_on: z.array(statusCode).optional(),
    /** Status codes that are never retried, even if `retry_on` lists them. */
    dont_retry_on: z.array(statusCode).optional(),
    /** Wait at least as long as a response's `Retry-After` header asks (default true). */
    respect_retry_after: z.boolean().default(true),
    /** Longest `Retry-After` honoured, in milliseconds (default 1 hour); longer ones are clamped. */
    max_retry_after: milliseconds().default(3_600_000),
  })
  .refine((r) => [r.delay, r.delays, r.backoff].filter((v) => v !== undefined).length <= 1, {
    error: 'give only one of `delay`, `delays` or `backoff`',
    path: ['delays'],
  });

export type RetryConfig = z.infer<typeof RetrySchema>;

export const DEFAULT_RETRY_DELAY_MS = 1000;
