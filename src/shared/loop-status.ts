import type { AttemptRecord } from '../core/delivery/delivery-result.js';

/**
 * The live state of a delivery, single or batch, as its status query shows it.
 * - rendering / sending: working;
 * - waiting-to-retry: a durable timer runs until `nextAttemptAt`;
 * - parked: retries are exhausted; waiting until `parkedUntil` for an operator (retry or give up);
 * - done: the record is final.
 */
export interface LoopStatus {
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
}
