import type { AttemptRecord, OperatorAction, Outcome } from './delivery-record.js';
import type { Lead } from './lead.js';
import type { RenderOutcome } from './rendered-request.js';
import type { ResponseRecord } from './send-result.js';

/** One lead waiting in, or sent in, a batch. */
export interface BatchEntry {
  deliveryId: string;
  leadId: string;
  lead: Lead;
}

/**
 * The batcher's queue, as plain data so it survives continue-as-new: waiting leads, the
 * delivery ids seen recently (a lead submitted twice is batched once), and the time the
 * open batch started.
 */
export interface BatchQueue {
  pending: BatchEntry[];
  /** Most recent delivery ids accepted, oldest first. */
  seen: string[];
  /** Workflow time (ms) the oldest pending lead arrived; absent when nothing waits. */
  openedAt?: number;
  /** Batches dispatched so far by this batcher (across continue-as-new): numbers batch ids. */
  dispatched: number;
}

/** A lead that will not be in the request: skipped by a rule, or failed to render on its own. */
export interface BatchLeadLeftOut {
  deliveryId: string;
  leadId: string;
  outcome: 'skipped' | 'error';
  reason: string;
  errorCode?: string;
}

/** One request of a batch: its leads (by delivery id) and the request. */
export interface BatchChunk {
  deliveryIds: string[];
  outcome: RenderOutcome;
}

export interface RenderedBatch {
  chunks: BatchChunk[];
  leftOut: BatchLeadLeftOut[];
}

/** One lead's line in its batch's record: what happened to lead X. */
export interface BatchLeadRecord {
  deliveryId: string;
  leadId: string;
  outcome: Outcome | 'pending';
  reason: string;
  errorCode?: string;
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
