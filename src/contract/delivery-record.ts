import type { ResponseRecord } from './send-result.js';

/**
 * How a delivery ended.
 * - success: the destination accepted the lead.
 * - failure: the destination answered and rejected it (4xx, or a body that says no).
 * - error: it could not be delivered (network, timeout, 5xx, bad config, missing secret).
 * - skipped: a rule said not to send it; no request was made.
 * - cancelled: an operator cancelled the delivery.
 */
export type Outcome = 'success' | 'failure' | 'error' | 'skipped' | 'cancelled';

/** One attempt, as it appears in the result record. No secret is ever in it. */
export interface AttemptRecord {
  attempt: number;
  /** ISO 8601 time the request started. */
  startedAt: string;
  durationMs: number;
  /** URL with secrets masked. */
  url: string;
  /** With several endpoints: which one was used, and any failover (see SendResult). */
  endpoint?: string;
  status?: number;
  /** Stable error code when the attempt failed (e.g. TIMEOUT, HTTP_503). */
  errorCode?: string;
  outcome: Exclude<Outcome, 'skipped' | 'cancelled'>;
  /** The destination's own reason when the `reason` path finds one, else leadwire's account. */
  reason: string;
  /** leadwire's account of the attempt (status, rule, error code) when `reason` is the destination's. */
  detail?: string;
}

/** The structured record a delivery ends with (the workflow's result). */
export interface DeliveryResult {
  deliveryId: string;
  destination: string;
  leadId: string;
  outcome: Outcome;
  reason: string;
  /** Stable code of the last error (HTTP_400, TIMEOUT, SECRET_MISSING, ...); absent on success. */
  errorCode?: string;
  /** Values extracted by `response_parser`. */
  fields: Record<string, unknown>;
  attempts: AttemptRecord[];
  /** Price paid for the lead (`price` or `fallback_price`), when configured. */
  price?: number;
  /** The destination's own reference for the lead (`reference`), when found. */
  reference?: string;
  /** What operators did to this delivery (retry, give up), oldest first. */
  operatorActions?: OperatorAction[];
  /** The last response received, if any. */
  response?: ResponseRecord;
  /** ISO 8601 time the delivery ended. */
  finishedAt?: string;
  /** The batch the lead was sent in, for destinations with `batch`. */
  batchId?: string;
}

/** One operator action on a delivery, as recorded in its result. */
export interface OperatorAction {
  /** ISO 8601 time the workflow acted on it. */
  at: string;
  action: 'retry' | 'retry-with-new-config' | 'give-up';
  requestedBy?: string;
  reason?: string;
}
