import type { DeliveryResult } from '../core/delivery/delivery-result.js';
import type { LoopStatus } from './loop-status.js';
import type { BatchLeadRecord } from './batch-types.js';

/** A live view of a single delivery (or of a batched lead), answered by the `status` query. */
export interface DeliveryStatus extends LoopStatus {
  deliveryId: string;
  result?: DeliveryResult;
  /** For a lead delivered in a batch: where it is, and its own line. */
  batch?: { batchId?: string; batcherId?: string; lead?: BatchLeadRecord };
}
