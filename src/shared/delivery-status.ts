import type { AttemptRecord, DeliveryResult } from '../core/delivery/delivery-result.js';

/** A live view of a delivery, answered by the `status` query. */
export interface DeliveryStatus {
  deliveryId: string;
  state: 'rendering' | 'sending' | 'waiting-to-retry' | 'done';
  attempts: AttemptRecord[];
  lastError?: string;
  /** ISO 8601 time of the next attempt when waiting to retry. */
  nextAttemptAt?: string;
  result?: DeliveryResult;
}
