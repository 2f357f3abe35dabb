import { oneLine } from '../core/explain/words.js';
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  setCurrentDetails,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { upgrade } from '../contract/upgrade/upgrade.js';
import { CONTRACT_VERSION as v } from '../contract/version.js';
import { batchDue, emptyQueue, enqueue, msUntilDue, takeBatch } from '../core/batch/batch-queue.js';
import { DEFAULT_INDEX_BYTES, indexKeysFor } from '../core/batch/lead-index-key.js';
import { batchWindowSummary, batcherDetails } from '../core/explain/batcher-details.js';
import { staticDetails } from '../core/explain/static-details.js';
import { addLeadsSignal, batchHandlerDescriptions, batcherStatusQuery, flushSignal, pendingLeadQuery } from '../shared/batch-messages.js';
import type { BatcherInput } from '../shared/batch-types.js';
import { DELIVERY_IDS_KEY, DESTINATION_KEY, OUTCOME_KEY } from '../shared/search-attributes.js';
import { deliverBatch } from './deliver-batch.js';

/** Roll over to a fresh history well before Temporal's limits (50K events, 50 MB). */
const MAX_HISTORY_EVENTS = 4_000;
const MAX_HISTORY_BYTES = 8 * 1024 * 1024;

/**
 * Collects leads for one destination (and batch key) and starts a deliverBatch child for
 * every batch: when `batch.size` leads wait, or `batch.timeout` ms after the batch's first
 * lead (a durable timer, so a window survives a worker crash), or on a `flush` signal.
 * It continues as new before its history grows large, carrying its queue, and drains every
 * signal first, so nothing is dropped across the roll-over.
 */
export async function leadBatcher(stored: BatcherInput): Promise<void> {
  // Recorded by this release or an earlier one (src/contract/upgrade): read as today's.
  const input = upgrade.batcherInput(stored);
  const { plan: destination } = input;
  const { batch } = destination;
  const queue = input.queue ?? emptyQueue();
  const seenIndex = new Set(queue.seen);
  let flushing = false;
  let duplicatesDropped = 0;

  setHandler(
    addLeadsSignal,
    (request) => {
      duplicatesDropped += enqueue(queue, upgrade.addLeadsRequest(request), Date.now(), seenIndex).duplicates;
    },
    { description: batchHandlerDescriptions.addLeads },
  );
  setHandler(
    flushSignal,
    () => {
      flushing = true;
    },
    { description: batchHandlerDescriptions.flush },
  );
  setHandler(
    batcherStatusQuery,
    () => {
      const due = msUntilDue(queue, batch.timeout, Date.now());
      return {
        destination: destination.name,
        batchKey: input.batchKey,
        pending: queue.pending.length,
        ...(due === undefined ? {} : { dueAt: new Date(Date.now() + due).toISOString() }),
        dispatched: queue.dispatched,
        duplicatesDropped,
      };
    },
    { description: batchHandlerDescriptions.batcherStatus },
  );
  setHandler(
    pendingLeadQuery,
    (deliveryId) => {
      const entry = queue.pending.find((e) => e.deliveryId === deliveryId);
      return entry ? { deliveryId, leadId: entry.leadId, outcome: 'pending', reason: `Waiting in batcher ${workflowInfo().workflowId} for its batch` } : null;
    },
    { description: batchHandlerDescriptions.pendingLead },
  );

  const rollOverDue = () => {
    const info = workflowInfo();
    return info.historyLength > (input.maxHistoryEvents ?? MAX_HISTORY_EVENTS) || info.historySize > MAX_HISTORY_BYTES || info.continueAsNewSuggested;
  };

  for (;;) {
    const wait = msUntilDue(queue, batch.timeout, Date.now());
    const ready = () => flushing || queue.pending.length >= batch.size || rollOverDue();
    const dueAt = wait === undefined ? undefined : new Date(Date.now() + wait).toISOString();
    setCurrentDetails(batcherDetails({ destination: destination.name, batchSize: batch.size, pending: queue.pending.length, dispatched: queue.dispatched, ...(dueAt ? { dueAt } : {}) }));
    if (wait === undefined || dueAt === undefined) await condition(() => queue.pending.length > 0 || ready());
    else if (wait > 0 && !ready()) await condition(ready, wait, { summary: batchWindowSummary(dueAt) });

    // Every batch that is due starts in the same workflow task (many child starts, one round
    // trip), at most 50 at a time so one task's commands stay bounded.
    while (batchDue(queue, batch.size, batch.timeout, Date.now(), flushing)) {
      const starts: Promise<unknown>[] = [];
      while (starts.length < 50 && batchDue(queue, batch.size, batch.timeout, Date.now(), flushing)) {
        const entries = takeBatch(queue, batch.size, Date.now());
        const batchId = `batch--${workflowInfo().workflowId.replace(/^batcher--/, '')}--${queue.dispatched}-${uuid4().slice(0, 8)}`;
        starts.push(
          startChild(deliverBatch, {
            workflowId: batchId,
            args: [{ v, plan: destination, batchId, batcherId: workflowInfo().workflowId, entries }],
            // The batch lives on when the batcher continues as new.
            parentClosePolicy: ParentClosePolicy.ABANDON,
            typedSearchAttributes: [
              { key: DESTINATION_KEY, value: destination.name },
              { key: DELIVERY_IDS_KEY, value: indexKeysFor(entries.map((e) => e.deliveryId), input.indexBytes ?? DEFAULT_INDEX_BYTES) },
              { key: OUTCOME_KEY, value: 'pending' },
            ],
            staticSummary: oneLine(`${destination.name} · batch of ${entries.length}`),
            staticDetails: staticDetails({ destination: destination.name, id: batchId, lead: { count: entries.length }, target: destination }),
          }),
        );
      }
      await Promise.all(starts);
    }
    if (queue.pending.length === 0) flushing = false;

    if (rollOverDue()) {
      // Signals that arrived in this task are already in the queue; wait for running handlers too.
      await condition(allHandlersFinished);
      await continueAsNew<typeof leadBatcher>({ ...input, queue });
    }
  }
}
