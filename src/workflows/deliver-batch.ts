import { upgrade } from '../contract/upgrade/upgrade.js';
import type { BatchResult, DeliverBatchInput } from '../shared/batch-types.js';
import { BatchDelivery } from './batch-delivery.js';

/**
 * Delivers one batch: render every lead (a lead that fails is recorded on its own), send the
 * batch request(s) through the same retry-and-park loop as a single lead, then record each
 * lead's outcome, from per-lead results in the response when the API gives them.
 * The steps and their state are in BatchDelivery (batch-delivery.ts).
 */
export async function deliverBatch(stored: DeliverBatchInput): Promise<BatchResult> {
  // Recorded by this release or an earlier one (src/contract/upgrade): read as today's.
  const batch = new BatchDelivery(upgrade.deliverBatchInput(stored));
  try {
    const rendered = await batch.render();
    for (const [n, chunk] of rendered.chunks.entries()) await batch.sendChunk(rendered, chunk, n);
    if (rendered.chunks.length === 0) batch.end('skipped', 'No lead of the batch was left to send');
    return batch.finish();
  } catch (err) {
    return batch.endAfter(err);
  }
}
