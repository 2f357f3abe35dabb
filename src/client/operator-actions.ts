import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Destination } from '../config/destination-schema.js';
import { deliveryPlanFrom } from '../config/delivery-plan-from.js';
import { parseDestination } from '../config/parse-destination.js';
import { CONTRACT_VERSION } from '../contract/version.js';
import { ConfigError, type ConfigIssue } from '../core/errors/config-error.js';
import { toErrorCode } from '../core/errors/error-codes.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { giveUpUpdate, retryUpdate } from '../shared/operator-updates.js';
import { DELIVERY_ENDED, type OperatorAnswer } from '../shared/operator-commands.js';
import { OUTCOME_KEY } from '../shared/search-attributes.js';
import type { DeliveryFilter } from './delivery-query.js';
import { NOT_A_DELIVERY, notADelivery, OPERATED_TYPES, refuseReservedTarget } from './delivery-types.js';
import { findBatchOf } from './find-batched-lead.js';
import type { DeliverySummary } from './delivery-summary.js';
import type { RetryOptions } from './retry-options.js';

/** A delivery's answer to an operator's action: what it does now. */
export interface DeliveryAnswer extends OperatorAnswer {
  deliveryId: string;
}

/** How long an operator action waits for a worker to take it, by default (an update needs a running worker; a signal does not). */
const OPERATOR_ACTION_TIMEOUT_MS = 30_000;

/**
 * What an operator does to a waiting or parked delivery (single or batch): retry it now
 * (optionally with a corrected destination, validated here first), give it up with a reason,
 * cancel it, or retry every one that a filter matches. Retry and give up are Temporal updates:
 * the delivery's validator refuses what it cannot do, and its answer says what happens now.
 * Every action acts on deliveries and batches only (delivery-types.ts): any other workflow
 * under the id is refused with NOT_A_DELIVERY, and is never sent the update or the cancel.
 */
export function createOperatorActions(temporal: Client, handle: (deliveryId: string) => WorkflowHandle, timeoutMs = OPERATOR_ACTION_TIMEOUT_MS) {
  /** "Not found" from Temporal: the delivery never existed, or it has ended (say how). */
  const notRunning = async (deliveryId: string, what: string): Promise<LeadwireError> => {
    const description = await handle(deliveryId)
      .describe()
      .catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      });
    if (!description) {
      const batchId = await findBatchOf(temporal, deliveryId);
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
  };

  /**
   * The run an action may touch: a running delivery or batch, found by describing the id, so
   * the action is sent to that run only and never to another kind of workflow (a buyer's
   * caps, a batcher, a distribution) that holds the id.
   */
  const target = async (deliveryId: string, what: string): Promise<WorkflowHandle> => {
    refuseReservedTarget(deliveryId, what);
    const description = await handle(deliveryId)
      .describe()
      .catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      });
    if (!description) throw await notRunning(deliveryId, what);
    if (!OPERATED_TYPES.has(description.type)) throw notADelivery(deliveryId, what, description.type);
    if (description.status.name !== 'RUNNING') throw endedError(deliveryId, what, description.typedSearchAttributes.get(OUTCOME_KEY) ?? description.status.name.toLowerCase());
    return temporal.workflow.getHandle(deliveryId, description.runId);
  };

  /** Runs an operator action, turning Temporal's answers into errors that say what to do. */
  const operate = async <T>(deliveryId: string, what: string, action: () => Promise<T>): Promise<T> => {
    try {
      return await temporal.withDeadline(Date.now() + timeoutMs, action);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw await notRunning(deliveryId, what);
      if (err instanceof WorkflowUpdateFailedError) throw refusal(deliveryId, what, err);
      if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
        throw new LeadwireError(
          'NO_WORKER_ANSWERED',
          `No worker took the ${what} of ${deliveryId} within ${timeoutMs / 1000} s. Is a leadwire worker running on the delivery's task queue? The ${what} may still be applied when one picks the delivery up: check with \`leadwire status ${deliveryId}\`.`,
          { retryable: true },
        );
      }
      throw err;
    }
  };

  const retryOne = async (deliveryId: string, destination: Destination | undefined, requestedBy: string | undefined): Promise<DeliveryAnswer> => {
    const answer = await operate(deliveryId, 'retry', async () =>
      (await target(deliveryId, 'retry')).executeUpdate(retryUpdate, { args: [{ v: CONTRACT_VERSION, ...(destination ? { plan: deliveryPlanFrom(destination) } : {}), ...(requestedBy ? { requestedBy } : {}) }] }),
    );
    return { deliveryId, ...answer };
  };
  /** A corrected destination is validated in full here, with `leadwire validate`'s messages, before any delivery sees it. */
  const corrected = (retryOptions: RetryOptions, source: string) => (retryOptions.destination ? parseDestination(retryOptions.destination, source) : undefined);

  return {
    retry: async (deliveryId: string, retryOptions: RetryOptions = {}): Promise<DeliveryAnswer> =>
      retryOne(deliveryId, corrected(retryOptions, `corrected destination for ${deliveryId}`), retryOptions.requestedBy),
    async abandon(deliveryId: string, reason: string, abandonOptions: { requestedBy?: string } = {}): Promise<DeliveryAnswer> {
      if (!reason.trim()) throw new LeadwireError('USAGE', 'Give a reason for giving up the delivery (it is kept in the record).');
      const answer = await operate(deliveryId, 'give up', async () =>
        (await target(deliveryId, 'give up')).executeUpdate(giveUpUpdate, { args: [{ v: CONTRACT_VERSION, reason, ...(abandonOptions.requestedBy ? { requestedBy: abandonOptions.requestedBy } : {}) }] }),
      );
      return { deliveryId, ...answer };
    },
    // Temporal accepts a cancellation request for a closed workflow without a word: target() says how it ended instead.
    cancel: (deliveryId: string): Promise<void> =>
      operate(deliveryId, 'cancel', async () => {
        await (await target(deliveryId, 'cancel')).cancel();
      }),
    /** Retries every running delivery matching the filter (default: the parked ones); returns each one's answer. */
    async retryMany(list: (filter: DeliveryFilter, limit: number) => Promise<DeliverySummary[]>, filter: DeliveryFilter, retryOptions: RetryOptions): Promise<DeliveryAnswer[]> {
      const destination = corrected(retryOptions, 'corrected destination');
      // With no query or outcome given, "the stuck ones" is meant: the parked deliveries.
      const outcome = filter.outcome ?? (filter.query ? undefined : 'parked');
      const matching = await list({ ...filter, ...(outcome ? { outcome } : {}), runningOnly: true }, 10_000);
      const answers: DeliveryAnswer[] = [];
      for (const d of matching) {
        try {
          answers.push(await retryOne(d.deliveryId, destination, retryOptions.requestedBy));
        } catch (err) {
          // A delivery that ended between the listing and the update is simply not retried; nor is
          // anything the listing let through that is not a delivery (the list keeps deliverLead only).
          if (!(err instanceof LeadwireError && (err.code === DELIVERY_ENDED || err.code === 'DELIVERY_NOT_FOUND' || err.code === NOT_A_DELIVERY))) throw err;
        }
      }
      return answers;
    },
  };
}

function endedError(deliveryId: string, what: string, outcome?: string): LeadwireError {
  return new LeadwireError(
    DELIVERY_ENDED,
    `Delivery ${deliveryId} has already ended${outcome ? ` as ${outcome}` : ''}: there is nothing to ${what}. See its record with \`leadwire status ${deliveryId}\`; to send the lead again, start a new delivery with another id (\`leadwire deliver <file> --lead ... --delivery-id <new id>\`).`,
  );
}

/** A delivery's validator refused the action: an invalid corrected destination, a missing reason, an ended delivery. */
function refusal(deliveryId: string, what: string, err: WorkflowUpdateFailedError): LeadwireError {
  const cause = err.cause as (Error & { type?: string | null; details?: unknown[] }) | undefined;
  const type = cause?.type ?? undefined;
  if (type === DELIVERY_ENDED) return endedError(deliveryId, what);
  if (/no registered handler for update/i.test(cause?.message ?? '')) {
    return new LeadwireError(
      'WORKER_TOO_OLD',
      `The worker running ${deliveryId} predates leadwire's operator updates. Upgrade the workers, or send the signal by hand: \`temporal workflow signal --workflow-id ${deliveryId} --name ${what === 'retry' ? 'retry' : 'giveUp'} --input '{...}'\`.`,
    );
  }
  if (type === 'CONFIG_INVALID' && Array.isArray(cause?.details?.[0])) return new ConfigError(`corrected destination for ${deliveryId}`, cause.details[0] as ConfigIssue[]);
  return new LeadwireError(toErrorCode(type, 'ACTION_REFUSED'), `Delivery ${deliveryId} refused the ${what}: ${cause?.message ?? err.message}`);
}
