import type { Outcome } from './delivery-record.js';

/** The judgement of one attempt. */
export interface Verdict {
  outcome: Exclude<Outcome, 'skipped' | 'cancelled'>;
  /** Stable code for a failed attempt (HTTP_503, TIMEOUT, RESPONSE_REJECTED, ...); absent on success. */
  errorCode?: string;
  /** Why: the destination's own reason when the `reason` path finds one, else leadwire's account. */
  reason: string;
  /** leadwire's account (status, rule, error code) when `reason` holds the destination's own reason. */
  detail?: string;
  /** Whether another attempt could succeed. */
  retryable: boolean;
  /**
   * Fields extracted from the response: `response_parser` names, `error_code`, `error_message`,
   * `error_field` (from `error_parser`), `reason`, `price` and `reference`.
   */
  fields: Record<string, unknown>;
  /** Price paid for the lead (`price` or `fallback_price`). */
  price?: number;
  /** The destination's own reference for the lead. */
  reference?: string;
  /** The wait the response's `Retry-After` asked for, in milliseconds, before clamping. */
  retryAfterMs?: number;
  /** A problem reading the body (e.g. RESPONSE_INVALID_JSON) that did not by itself decide the outcome. */
  bodyProblem?: { code: string; message: string };
}
