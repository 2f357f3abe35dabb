import { z } from 'zod';
import { DEFAULT_PARK_WINDOW_MS, ParkSchema } from './park-schema.js';
import { RetrySchema } from './retry-schema.js';
import { ErrorParserSchema, ResponseFormatSchema, ResponseParserSchema, SuccessCodesSchema, responsePath } from './response-schema.js';
import { textValue } from './text-value.js';
import { OutcomeSearchSchema, SuccessCheckSchema, SuccessWhenSchema } from './success-schema.js';

/**
 * How responses are judged and failures retried: the guide's "Response Handling" and
 * "Retry Configuration". Spread into the destination schema.
 */
export const responseOptionsShape = {
  /** Status codes that mean success; default: any 2xx. */
  success_codes: SuccessCodesSchema.optional(),
  /** A value in the body that must be present for success. */
  success_check: SuccessCheckSchema.optional(),
  /** Several conditions (status and body values) that must all hold for success. */
  success_when: SuccessWhenSchema.optional(),
  /** A term searched for in the body that decides the outcome. */
  outcome_search: OutcomeSearchSchema.optional(),
  /** How to read the body, for APIs whose Content-Type lies; default `auto`. */
  response_format: ResponseFormatSchema,
  /** Fields to extract from the response into the result record: name -> path. */
  response_parser: ResponseParserSchema.optional(),
  /** Where the error code, message and field are in an error response. */
  error_parser: ErrorParserSchema.optional(),
  /** Where the destination's reason for its verdict is. */
  reason: responsePath.optional(),
  /** The reason recorded when `reason` finds nothing on a failed attempt. */
  default_reason: textValue('a reason').optional(),
  /** Where the price paid for the lead is (a number). */
  price: responsePath.optional(),
  /** The price recorded when `price` finds nothing on a successful delivery. */
  fallback_price: z.number().optional(),
  /** Where the destination's own reference for the lead is. */
  reference: responsePath.optional(),
  /** Follow 3xx redirects (default false: a 3xx is a failure that names the Location). */
  follow_redirects: z.boolean().default(false),
  /** Response body bytes kept in the record and judged (default 65536, at most 1 MiB). */
  response_body_limit: z.number().int().min(0).max(1024 * 1024).default(64 * 1024),
  /** Largest response read, in bytes; a larger one is cut off as RESPONSE_TOO_LARGE (default 10 MiB). */
  response_max_bytes: z.number().int().min(1).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  retry: RetrySchema.default({ max_attempts: 3, jitter: 0, respect_retry_after: true, max_retry_after: 3_600_000 }),
  /**
   * At-most-once delivery, for buyers who pay per lead (default false: at-least-once, with
   * the delivery id as `Idempotency-Key`). Once an attempt got any response, or failed after
   * the request may have been written (timeout, reset, lost worker), the lead is never sent
   * again by itself: it parks (AT_MOST_ONCE_AMBIGUOUS) for an operator to retry or abandon.
   * Failures before anything was written (connection refused, DNS) are still retried.
   */
  at_most_once: z.boolean().default(false),
  /** Waiting for an operator once retries are exhausted. */
  park: ParkSchema.default({ window: DEFAULT_PARK_WINDOW_MS }),
};
