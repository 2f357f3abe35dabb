import type { ErrorCode } from '../core/errors/error-codes.js';
import type { Destination } from '../config/destination-schema.js';
import type { BatchEntry } from '../core/batch/batch-entry.js';
import type { BatchQueue } from '../core/batch/batch-queue.js';
import type { AttemptRecord, OperatorAction } from '../core/delivery/delivery-result.js';
import type { Outcome } from '../core/delivery/outcome.js';
import type { ResponseRecord } from '../core/delivery/send-result.js';
import type { LoopStatus } from './loop-status.js';

/** What a leadBatcher workflow starts (or continues as new) with. */
export interface BatcherInput {
  destination: Destination;
  /** Value of `batch.key` for this batcher's leads; '' without a key. */
  batchKey: string;
  /** Carried across continue-as-new. */
  queue?: BatchQueue;
  /** History length (events) at which the batcher continues as new; default 4000. */
  maxHistoryEvents?: number;
  /** Search-attribute bytes for each batch's lead index (default 2000: Temporal's 2 KB value limit). */
  indexBytes?: number;
}

/** What a deliverBatch workflow starts with. */
export interface DeliverBatchInput {
  destination: Destination;
  batchId: string;
  batcherId: string;
  entries: BatchEntry[];
}

/** One lead's line in its batch's record: what happened to lead X. */
export interface BatchLeadRecord {
  deliveryId: string;
  leadId: string;
  outcome: Outcome | 'pending';
  reason: string;
  errorCode?: ErrorCode;
  fields?: Record<string, unknown>;
  price?: number;
  reference?: string;
}

/** The record a deliverBatch workflow ends with. */
export interface BatchResult {
  batchId: string;
  batcherId: string;
  destination: string;
  /** success when every request of the batch was accepted; otherwise the last request's outcome. */
  outcome: Outcome;
  reason: string;
  attempts: AttemptRecord[];
  leads: BatchLeadRecord[];
  response?: ResponseRecord;
  operatorActions?: OperatorAction[];
  finishedAt?: string;
}

/** Live status of a batch (the `batchStatus` query). */
export interface BatchStatus extends LoopStatus {
  batchId: string;
  leads: BatchLeadRecord[];
  result?: BatchResult;
}

/** Live status of a batcher (the `batcherStatus` query). */
export interface BatcherStatus {
  destination: string;
  batchKey: string;
  pending: number;
  /** Time (ISO 8601) the open batch will be sent at the latest. */
  dueAt?: string;
  dispatched: number;
  duplicatesDropped: number;
}
