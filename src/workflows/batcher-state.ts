import { ParentClosePolicy, condition, setCurrentDetails, setHandler, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import type { BatchQueue } from '../contract/batch-records.js';
import type { BatchDeliveryPlan } from '../contract/delivery-plan.js';
import { upgrade } from '../contract/upgrade/upgrade.js';
import { CONTRACT_VERSION as v } from '../contract/version.js';
import { batchDue, emptyQueue, enqueue, msUntilDue, takeBatch } from '../core/batch/batch-queue.js';
import { DEFAULT_INDEX_BYTES, indexKeysFor } from '../core/batch/lead-index-key.js';
import { batchWindowSummary, batcherDetails } from '../core/explain/batcher-details.js';
import { staticDetails } from '../core/explain/static-details.js';
import { oneLine } from '../core/explain/words.js';
import { addLeadsSignal, batchHandlerDescriptions, batcherStatusQuery, flushSignal, pendingLeadQuery } from '../shared/batch-messages.js';
import type { BatcherInput, BatcherStatus, BatchLeadRecord } from '../shared/batch-types.js';
import { DELIVERY_IDS_KEY, DESTINATION_KEY, OUTCOME_KEY } from '../shared/search-attributes.js';
import { deliverBatch } from './deliver-batch.js';

/** Roll over to a fresh history well before Temporal's limits (50K events, 50 MB). */
const MAX_HISTORY_EVENTS = 4_000;
const MAX_HISTORY_BYTES = 8 * 1024 * 1024;

/**
 * The state of one leadBatcher run: its queue (carried across continue-as-new), whether a
 * flush was asked for, and how many duplicates it dropped; the signal and query handlers that
 * read and change it; and one method per step of the batcher's loop.
 */
export class BatcherState {
  readonly queue: BatchQueue;
  private readonly plan: BatchDeliveryPlan;
  private readonly seenIndex: Set<string>;
  private flushing = false;
  private duplicatesDropped = 0;

  /** Takes over the carried queue (or starts an empty one) and installs the batcher's signal and query handlers. */
  constructor(readonly input: BatcherInput) {
    this.plan = input.plan;
    this.queue = input.queue ?? emptyQueue();
    this.seenIndex = new Set(this.queue.seen);
    setHandler(
      addLeadsSignal,
      (request) => {
        this.duplicatesDropped += enqueue(this.queue, upgrade.addLeadsRequest(request), Date.now(), this.seenIndex).duplicates;
      },
      { description: batchHandlerDescriptions.addLeads },
    );
    setHandler(
      flushSignal,
      () => {
        this.flushing = true;
      },
      { description: batchHandlerDescriptions.flush },
    );
    setHandler(batcherStatusQuery, () => this.statusNow(), { description: batchHandlerDescriptions.batcherStatus });
    setHandler(pendingLeadQuery, (deliveryId) => this.pendingLead(deliveryId), { description: batchHandlerDescriptions.pendingLead });
  }

  /** Whether this run should continue as new: its history is getting large, or Temporal suggests it. */
  rollOverDue(): boolean {
    const info = workflowInfo();
    return info.historyLength > (this.input.maxHistoryEvents ?? MAX_HISTORY_EVENTS) || info.historySize > MAX_HISTORY_BYTES || info.continueAsNewSuggested;
  }

  /**
   * Shows the batcher's state in its current details, then waits (a durable timer when a batch
   * window is open) until a lead arrives, a batch is full or due, a flush, or a roll-over.
   */
  async waitForBatch(): Promise<void> {
    const { queue, plan } = this;
    const { batch } = plan;
    const wait = msUntilDue(queue, batch.timeout, Date.now());
    const ready = () => this.flushing || queue.pending.length >= batch.size || this.rollOverDue();
    const dueAt = wait === undefined ? undefined : new Date(Date.now() + wait).toISOString();
    setCurrentDetails(batcherDetails({ destination: plan.name, batchSize: batch.size, pending: queue.pending.length, dispatched: queue.dispatched, ...(dueAt ? { dueAt } : {}) }));
    if (wait === undefined || dueAt === undefined) await condition(() => queue.pending.length > 0 || ready());
    else if (wait > 0 && !ready()) await condition(ready, wait, { summary: batchWindowSummary(dueAt) });
  }

  /**
   * Starts a deliverBatch child for every batch that is due, all in the same workflow task (many
   * child starts, one round trip), at most 50 at a time so one task's commands stay bounded.
   * A flush ends once nothing waits.
   */
  async startDueBatches(): Promise<void> {
    const { queue } = this;
    const { batch } = this.plan;
    while (batchDue(queue, batch.size, batch.timeout, Date.now(), this.flushing)) {
      const starts: Promise<unknown>[] = [];
      while (starts.length < 50 && batchDue(queue, batch.size, batch.timeout, Date.now(), this.flushing)) starts.push(this.startBatch());
      await Promise.all(starts);
    }
    if (queue.pending.length === 0) this.flushing = false;
  }

  /** Takes the next batch off the queue and starts its deliverBatch child, which outlives this run. */
  private startBatch(): Promise<unknown> {
    const { queue, plan: destination } = this;
    const entries = takeBatch(queue, destination.batch.size, Date.now());
    const batchId = `batch--${workflowInfo().workflowId.replace(/^batcher--/, '')}--${queue.dispatched}-${uuid4().slice(0, 8)}`;
    return startChild(deliverBatch, {
      workflowId: batchId,
      args: [{ v, plan: destination, batchId, batcherId: workflowInfo().workflowId, entries }],
      // The batch lives on when the batcher continues as new.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: DESTINATION_KEY, value: destination.name },
        { key: DELIVERY_IDS_KEY, value: indexKeysFor(entries.map((e) => e.deliveryId), this.input.indexBytes ?? DEFAULT_INDEX_BYTES) },
        { key: OUTCOME_KEY, value: 'pending' },
      ],
      staticSummary: oneLine(`${destination.name} · batch of ${entries.length}`),
      staticDetails: staticDetails({ destination: destination.name, id: batchId, lead: { count: entries.length }, target: destination }),
    });
  }

  /** The `batcherStatus` query: the destination, how many leads wait, when the open batch is due, batches started so far. */
  private statusNow(): BatcherStatus {
    const { queue } = this;
    const due = msUntilDue(queue, this.plan.batch.timeout, Date.now());
    return {
      destination: this.plan.name,
      batchKey: this.input.batchKey,
      pending: queue.pending.length,
      ...(due === undefined ? {} : { dueAt: new Date(Date.now() + due).toISOString() }),
      dispatched: queue.dispatched,
      duplicatesDropped: this.duplicatesDropped,
    };
  }

  /** The `pendingLead` query: a lead still waiting in this batcher, or null. */
  private pendingLead(deliveryId: string): BatchLeadRecord | null {
    const entry = this.queue.pending.find((e) => e.deliveryId === deliveryId);
    return entry ? { deliveryId, leadId: entry.leadId, outcome: 'pending', reason: `Waiting in batcher ${workflowInfo().workflowId} for its batch` } : null;
  }
}
