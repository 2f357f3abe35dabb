import { z } from 'zod';
import { doc } from './doc-meta.js';
import { milliseconds, statusCode } from './units.js';

/** Exponential backoff: `initial * coefficient^(retry - 1)`, capped at `maximum`, optionally jittered. */
const BackoffSchema = z.strictObject({
  initial: milliseconds().min(1, { error: 'expected at least 1 millisecond' }).meta(doc('First retry delay, in milliseconds.', 1000)),
  coefficient: z.number().min(1, { error: 'expected a coefficient of 1 or more' }).max(100).default(2).meta(doc('Factor applied to the delay per retry.', 3)),
  maximum: milliseconds().default(3_600_000).meta(doc('Longest delay, in milliseconds.', 60000)),
});

/**
 * When and how often a failed attempt is tried again (the guide's "Retry Configuration").
 * `max_attempts` counts every attempt, the first included.
 */
export const RetrySchema = z
  .strictObject({
    max_attempts: z.number().int().min(1, { error: 'expected at least 1 attempt' }).max(100).default(3).meta(doc('Total attempts, the first included.', 5)),
    delay: milliseconds().optional().meta(doc('Fixed wait between attempts, in milliseconds (1000 when no delay, delays or backoff is given).', 2000)),
    delays: z
      .array(milliseconds())
      .min(1, { error: 'expected at least one delay' })
      .optional()
      .meta(doc('Exact waits between attempts, in milliseconds; the last one repeats if attempts outnumber it.', [1000, 5000, 30000])),
    backoff: BackoffSchema.optional().meta(doc('Exponential backoff instead of a fixed delay; give only one of `delay`, `delays` or `backoff`.', { initial: 1000, coefficient: 2 })),
    jitter: z
      .number()
      .min(0)
      .max(1, { error: 'expected a fraction between 0 and 1' })
      .default(0)
      .meta(doc('Spread each wait by up to this fraction either way (0.2: ±20 %), so retries do not arrive in step.', 0.2)),
    retry_on: z.array(statusCode).optional().meta(doc('Status codes that are retried, replacing the default 408, 429 and 5xx.', [429, 503])),
    dont_retry_on: z.array(statusCode).optional().meta(doc('Status codes that are never retried, even if `retry_on` lists them.', [501])),
    respect_retry_after: z.boolean().default(true).meta(doc("Wait at least as long as a response's `Retry-After` header asks (seconds or an HTTP date).")),
    max_retry_after: milliseconds().default(3_600_000).meta(doc('Longest `Retry-After` honoured, in milliseconds; longer ones are clamped to it.', 600000)),
  })
  .refine((r) => [r.delay, r.delays, r.backoff].filter((v) => v !== undefined).length <= 1, {
    error: 'give only one of `delay`, `delays` or `backoff`',
    path: ['delays'],
  });


