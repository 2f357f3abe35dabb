import type { AttemptRecord, DeliveryResult } from '../core/delivery/delivery-result.js';
import type { BatchLeadRecord } from './batch-types.js';

/**
 * A live view of a delivery, answered by the `status` query.
 * - rendering / sending: working;
 * - waiting-to-retry: a durable timer runs until `nextAttemptAt`;
 * - parked: retries are exhausted; waiting until `parkedUntil` for an operator (retry or give up);
 * - done: `result` holds the record.
 */
export interface DeliveryStatus {
  deliveryId: string;
  state: 'rendering' | 'sending' | 'waiting-to-retry' | 'parked' | 'done';
  attempts: AttemptRecord[];
  /** Whether the delivery is parked, waiting for an operator. */
  parked: boolean;
  lastError?: string;
  /** Stable code of the last failed attempt (HTTP_503, TIMEOUT, ...). */
  lastErrorCode?: string;
  /** ISO 8601 time of the next attempt when waiting to retry. */
  nextAttemptAt?: string;
  /** ISO 8601 time a parked delivery gives up if no operator acts. */
  parkedUntil?: string;
  result?: DeliveryResult;
  /** For a lead delivered in a batch: where it is, and its own line. */
  batch?: { batchId?: string; batcherId?: string; lead?: BatchLeadRecord };
}
