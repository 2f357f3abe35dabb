import { z } from 'zod';
import { DEFAULT_RETRY, FAIL_CLOSED_DEFAULTS } from '../contract/defaults.js';
import { doc } from './doc-meta.js';
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
  success_codes: SuccessCodesSchema.optional().meta(doc('Status codes that count as accepted; without it, any 2xx.', [200, 201, 202])),
  success_check: SuccessCheckSchema.optional().meta(doc('Accepted only if the value at `path` in the body equals `value` (or one of a list of values).', { path: 'status', value: 'success' })),
  success_when: SuccessWhenSchema.optional().meta(doc('Several conditions, a status and body values, that must all hold for success.', { status_code: 201, body: { 'result.created': true } })),
  outcome_search: OutcomeSearchSchema.optional().meta(doc('A term looked for in the body (or at `path`) that decides the outcome.', { term: 'duplicate', outcome_on_match: 'failure' })),
  response_format: ResponseFormatSchema.meta(doc('How the body is read: `auto` follows the Content-Type, then the first characters; set it for APIs whose Content-Type lies.')),
  response_parser: ResponseParserSchema.optional().meta(doc("Named fields copied from the response into the result's `fields`: name -> path.", { lead_id: 'lead.id', status: '//status' })),
  error_parser: ErrorParserSchema.optional().meta(doc('Where an error response keeps its code, message and offending field; they go into `fields` and the reason.', { error_code: 'error.code', error_message: 'error.message' })),
  reason: responsePath.optional().meta(doc("Where the destination's own reason for its verdict is; the text it finds is the record's `reason` and `fields.reason`, and leadwire's own account of the attempt moves to `attempts[].detail`.", 'message')),
  default_reason: textValue('a reason').optional().meta(doc('The reason on a failed attempt when neither `reason` nor `error_message` finds anything.', 'Rejected by buyer')),
  price: responsePath.optional().meta(doc('Where the price paid for the lead is (`12.5`, `"$12.50"`, `"1,200"`): `result.price` and `fields.price`.', 'lead.price')),
  fallback_price: z.number().optional().meta(doc('The price recorded on success when `price` finds nothing.', 10)),
  reference: responsePath.optional().meta(doc("Where the destination's own id for the lead is: `result.reference` and `fields.reference`.", 'lead.id')),
  follow_redirects: z.boolean().default(FAIL_CLOSED_DEFAULTS.follow_redirects).meta(doc('Follow up to 10 redirects, each hop checked again; by default a 3xx is a failure that names the Location.')),
  response_body_limit: z
    .number()
    .int()
    .min(0)
    .max(1024 * 1024)
    .default(FAIL_CLOSED_DEFAULTS.response_body_limit)
    .meta(doc('Response body bytes judged and kept in the record, at most 1 MiB; `response.truncated` says when it was cut.', 131072)),
  response_max_bytes: z
    .number()
    .int()
    .min(1)
    .max(100 * 1024 * 1024)
    .default(FAIL_CLOSED_DEFAULTS.response_max_bytes)
    .meta(doc('Largest response read, in bytes (decompressed); a larger one is cut off as RESPONSE_TOO_LARGE and not retried.', 1048576)),
  retry: RetrySchema.default({ ...DEFAULT_RETRY }).meta(
    doc('When and how often a failed attempt is tried again.', { max_attempts: 5, backoff: { initial: 1000 } }),
  ),
  /**
   * At-most-once delivery, for buyers who pay per lead (default false: at-least-once, with
   * the delivery id as `Idempotency-Key`). Once an attempt got any response, or failed after
   * the request may have been written (timeout, reset, lost worker), the lead is never sent
   * again by itself: it parks (AT_MOST_ONCE_AMBIGUOUS) for an operator to retry or abandon.
   * Failures before anything was written (connection refused, DNS) are still retried.
   */
  at_most_once: z
    .boolean()
    .default(false)
    .meta(doc('Never send a lead twice on its own: after any answer, or a failure after the request may have been written, the delivery parks for an operator.')),
  park: ParkSchema.default({ window: DEFAULT_PARK_WINDOW_MS }).meta(doc('How a delivery waits for an operator once retries are exhausted.', { window: 86400000 })),
};
