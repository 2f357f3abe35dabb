import { z } from 'zod';
import { milliseconds, statusCode } from './units.js';

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
    /** Status codes that are retried (replaces the default 408, 429 and 5xx). */
    retry_on: z.array(statusCode).optional(),
    /** Status codes that are never retried, even if `retry_on` lists them. */
    dont_retry_on: z.array(statusCode).optional(),
  })
  .refine((r) => !(r.delay !== undefined && r.delays !== undefined), {
    error: 'give either `delay` or `delays`, not both',
    path: ['delays'],
  });

export type RetryConfig = z.infer<typeof RetrySchema>;

export const DEFAULT_RETRY_DELAY_MS = 1000;
