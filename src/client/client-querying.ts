import { WorkflowNotFoundError, type WorkflowExecutionDescription, type WorkflowHandle } from '@temporalio/client';
import type { DeliveryResult } from '../core/delivery/delivery-result.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import type { BatchResult } from '../shared/batch-types.js';
import type { DeliveryStatus } from '../shared/delivery-status.js';
import { statusQuery } from '../shared/messages.js';
import type { deliverLead } from '../workflows/deliver-lead.js';
import type { ClientContext } from './client-context.js';
import { DELIVERY_TYPE, notADelivery, refuseReservedTarget } from './delivery-types.js';
import { batchedLeadStatus, findBatchOf, findPendingLead, leadResultFromBatch } from './find-batched-lead.js';
import type { LeadwireClient } from './leadwire-client-types.js';
import { listDeliveries } from './list-deliveries.js';

/** The client's reading part: a delivery's handle, record and live status, and the list of deliveries. */
export type QueryingPart = Pick<LeadwireClient, 'handle' | 'result' | 'status' | 'list'>;

/** Builds the reading part of a client on `context`. */
export function queryingPart(context: ClientContext): QueryingPart {
  return {
    handle: (deliveryId) => deliveryHandle(context, deliveryId),
    result: (deliveryId) => deliveryResult(context, deliveryId),
    status: (deliveryId) => deliveryStatus(context, deliveryId),
    list: (filter = {}, limit = 100) => listDeliveries(context.temporal, filter, limit),
  };
}

/** The deliverLead workflow under a delivery id. */
function deliveryHandle({ temporal }: ClientContext, deliveryId: string): WorkflowHandle<typeof deliverLead> {
  return temporal.workflow.getHandle<typeof deliverLead>(deliveryId);
}

/** The workflow under a delivery id as Temporal describes it, or undefined when there is none. */
function describeDelivery(context: ClientContext, deliveryId: string): Promise<WorkflowExecutionDescription | undefined> {
  return deliveryHandle(context, deliveryId)
    .describe()
    .catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    });
}

/** A single delivery's record, or a batched lead's line of its batch's record (waiting for the batch). */
async function deliveryResult(context: ClientContext, deliveryId: string): Promise<DeliveryResult> {
  const { temporal, taskQueue } = context;
  let unknownLooks = 0;
  for (let look = 1; ; look++) {
    const single = await describeDelivery(context, deliveryId);
    if (single && single.type !== DELIVERY_TYPE) throw notADelivery(deliveryId, 'result', single.type);
    if (single) return deliveryHandle(context, deliveryId).result();
    // Every 20th look (5 s) also scans recent batches, for a lead the index does not cover.
    const thorough = look % 20 === 0;
    const batchId = await findBatchOf(temporal, deliveryId, thorough ? { scan: { taskQueue } } : {});
    if (batchId) {
      const batch = (await temporal.workflow.getHandle(batchId).result()) as BatchResult;
      const found = leadResultFromBatch(batch, deliveryId);
      if (found) return found;
    }
    // Waiting in a batcher, or the batch is not yet in the search index: look again shortly.
    // A lead moves from its batcher to its batch between two looks, and the batch shows in the
    // search index a moment later: only two "unknown" answers five seconds apart mean unknown.
    if (thorough) {
      const pending = await findPendingLead(temporal, taskQueue, deliveryId);
      unknownLooks = !batchId && !('lead' in pending) && pending.unanswered === 0 ? unknownLooks + 1 : 0;
    }
    if (unknownLooks >= 2) throw deliveryNotFound(deliveryId);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The live status of a delivery: its own workflow's answer, else its line of a sent batch, else its place in a batcher. */
async function deliveryStatus(context: ClientContext, deliveryId: string): Promise<DeliveryStatus> {
  const { temporal, taskQueue } = context;
  refuseReservedTarget(deliveryId, 'status');
  // Described first: only a deliverLead is asked its status (another workflow may answer a
  // query of that name, or hold an id a caller guessed).
  const single = await describeDelivery(context, deliveryId);
  if (single && single.type !== DELIVERY_TYPE) throw notADelivery(deliveryId, 'status', single.type);
  try {
    if (single) return await temporal.workflow.getHandle(deliveryId, single.runId).query(statusQuery);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  const batchId = await findBatchOf(temporal, deliveryId, { scan: { taskQueue } });
  if (batchId) return batchedLeadStatus(temporal, batchId, deliveryId);
  const pending = await findPendingLead(temporal, taskQueue, deliveryId);
  if ('lead' in pending) return { deliveryId, state: 'rendering', attempts: [], parked: false, batch: { batcherId: pending.batcherId, lead: pending.lead } };
  if (pending.unanswered > 0) {
    throw new LeadwireError(
      'DELIVERY_STATUS_UNAVAILABLE',
      `Delivery ${deliveryId} is not a workflow of its own nor in a sent batch, and ${pending.unanswered} batcher(s) did not answer (is a worker running on task queue ${taskQueue}?). Try again when a worker is up.`,
    );
  }
  throw deliveryNotFound(deliveryId);
}

/** No delivery workflow, no batch and no batcher knows the id. */
function deliveryNotFound(deliveryId: string): LeadwireError {
  return new LeadwireError('DELIVERY_NOT_FOUND', `No delivery ${deliveryId}: not a delivery workflow, not in a batch, not waiting in a batcher. Check the id with \`leadwire list\`.`);
}
