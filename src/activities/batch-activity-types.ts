import type { Destination } from '../config/destination-schema.js';
import type { BatchEntry } from '../core/batch/batch-entry.js';
import type { RenderedBatch } from '../core/batch/render-batch.js';
import type { SendResult } from '../core/delivery/send-result.js';
import type { Verdict } from '../core/response/verdict.js';

export interface RenderBatchInput {
  destination: Destination;
  batchId: string;
  entries: BatchEntry[];
}

/** The batch render's record (secrets masked): its requests, and the leads left out of them. */
export interface RenderBatchResult extends RenderedBatch {
  /** ISO 8601 activity time; the sending activity renders with the same time. */
  now: string;
}

export interface SendBatchInput {
  destination: Destination;
  /** The chunk's id: the request's Idempotency-Key. */
  chunkId: string;
  entries: BatchEntry[];
  now: string;
}

export interface JudgeBatchInput {
  destination: Destination;
  result: SendResult;
  attempt: number;
  entries: Pick<BatchEntry, 'deliveryId' | 'leadId'>[];
}

export interface JudgeBatchResult {
  verdict: Verdict;
  retryDelayMs: number;
  /** Each lead's verdict, in the order of `entries`. */
  leads: Verdict[];
}
