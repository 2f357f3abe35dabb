import type { Outcome } from './outcome.js';
import type { ResponseRecord } from './send-result.js';

/** One attempt, as it appears in the result record. No secret is ever in it. */
export interface AttemptRecord {
  attempt: number;
  /** ISO 8601 time the request started. */
  startedAt: string;
  durationMs: number;
  /** URL with secrets masked. */
  url: string;
  status?: number;
  /** Stable error code when the attempt failed (e.g. TIMEOUT, HTTP_503). */
  errorCode?: string;
  outcome: Exclude<Outcome, 'skipped' | 'cancelled'>;
  reason: string;
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
  /** The last response received, if any. */
  response?: ResponseRecord;
  /** ISO 8601 time the delivery ended. */
  finishedAt?: string;
}
