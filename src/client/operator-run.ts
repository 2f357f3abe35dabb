import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client, type WorkflowExecutionDescription, type WorkflowHandle } from '@temporalio/client';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { OUTCOME_KEY } from '../shared/search-attributes.js';
import { notADelivery, OPERATED_TYPES, refuseReservedTarget } from './delivery-types.js';
import { findBatchOf } from './find-batched-lead.js';
import { endedError, refusal } from './operator-refusals.js';

/** What an operator action reaches deliveries through: Temporal, a delivery's handle, and how long a worker has to take the action. */
export interface OperatorReach {
  temporal: Client;
  handle: (deliveryId: string) => WorkflowHandle;
  timeoutMs: number;
}

/** The workflow under the id as Temporal describes it, or undefined when there is none. */
function describe(reach: OperatorReach, deliveryId: string): Promise<WorkflowExecutionDescription | undefined> {
  return reach
    .handle(deliveryId)
    .describe()
    .catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    });
}

/** "Not found" from Temporal: the delivery never existed, or it has ended (say how). */
async function notRunning(reach: OperatorReach, deliveryId: string, what: string): Promise<LeadwireError> {
  const description = await describe(reach, deliveryId);
  if (!description) {
    const batchId = await findBatchOf(reach.temporal, deliveryId);
    if (batchId) {
      return new LeadwireError(
        'BATCHED_LEAD',
        `Lead ${deliveryId} is delivered in batch ${batchId}, which is retried or given up as a whole: \`leadwire ${what === 'give up' ? 'abandon' : what} ${batchId}\` acts for every lead in it.`,
      );
    }
    return new LeadwireError('DELIVERY_NOT_FOUND', `No delivery ${deliveryId}: there is nothing to ${what}. Check the id with \`leadwire list\`.`);
  }
  if (!OPERATED_TYPES.has(description.type)) return notADelivery(deliveryId, what, description.type);
  return endedError(deliveryId, what, description.typedSearchAttributes.get(OUTCOME_KEY) ?? description.status.name.toLowerCase());
}

/**
 * The run an action may touch: a running delivery or batch, found by describing the id, so
 * the action is sent to that run only and never to another kind of workflow (a buyer's
 * caps, a batcher, a distribution) that holds the id.
 */
export async function operatedRun(reach: OperatorReach, deliveryId: string, what: string): Promise<WorkflowHandle> {
  refuseReservedTarget(deliveryId, what);
  const description = await describe(reach, deliveryId);
  if (!description) throw await notRunning(reach, deliveryId, what);
  if (!OPERATED_TYPES.has(description.type)) throw notADelivery(deliveryId, what, description.type);
  if (description.status.name !== 'RUNNING') throw endedError(deliveryId, what, description.typedSearchAttributes.get(OUTCOME_KEY) ?? description.status.name.toLowerCase());
  return reach.temporal.workflow.getHandle(deliveryId, description.runId);
}

/** Runs an operator action, turning Temporal's answers into errors that say what to do. */
export async function operate<T>(reach: OperatorReach, deliveryId: string, what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await reach.temporal.withDeadline(Date.now() + reach.timeoutMs, action);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw await notRunning(reach, deliveryId, what);
    if (err instanceof WorkflowUpdateFailedError) throw refusal(deliveryId, what, err);
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      throw new LeadwireError(
        'NO_WORKER_ANSWERED',
        `No worker took the ${what} of ${deliveryId} within ${reach.timeoutMs / 1000} s. Is a leadwire worker running on the delivery's task queue? The ${what} may still be applied when one picks the delivery up: check with \`leadwire status ${deliveryId}\`.`,
        { retryable: true },
      );
    }
    throw err;
  }
}
