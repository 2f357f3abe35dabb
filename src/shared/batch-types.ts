import type { BatchLeadRecord, BatchResult } from '../contract/batch-records.js';
import type { LoopStatus } from './loop-status.js';

export type { BatcherInput, DeliverBatchInput } from '../contract/workflow-inputs.js';
export type { BatchLeadRecord, BatchResult };

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
