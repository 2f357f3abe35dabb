import { allHandlersFinished, condition, continueAsNew } from '@temporalio/workflow';
import { upgrade } from '../contract/upgrade/upgrade.js';
import type { BatcherInput } from '../shared/batch-types.js';
import { BatcherState } from './batcher-state.js';

/**
 * Collects leads for one destination (and batch key) and starts a deliverBatch child for
 * every batch: when `batch.size` leads wait, or `batch.timeout` ms after the batch's first
 * lead (a durable timer, so a window survives a worker crash), or on a `flush` signal.
 * It continues as new before its history grows large, carrying its queue, and drains every
 * signal first, so nothing is dropped across the roll-over.
 * The steps and their state are in BatcherState (batcher-state.ts).
 */
export async function leadBatcher(stored: BatcherInput): Promise<void> {
  // Recorded by this release or an earlier one (src/contract/upgrade): read as today's.
  const batcher = new BatcherState(upgrade.batcherInput(stored));
  for (;;) {
    await batcher.waitForBatch();
    await batcher.startDueBatches();
    if (batcher.rollOverDue()) {
      // Signals that arrived in this task are already in the queue; wait for running handlers too.
      await condition(allHandlersFinished);
      await continueAsNew<typeof leadBatcher>({ ...batcher.input, queue: batcher.queue });
    }
  }
}
