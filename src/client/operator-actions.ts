import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Destination } from '../config/destination-schema.js';
import { deliveryPlanFrom } from '../config/delivery-plan-from.js';
import { parseDestination } from '../config/parse-destination.js';
import { CONTRACT_VERSION } from '../contract/version.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { giveUpUpdate, retryUpdate } from '../shared/operator-updates.js';
import { DELIVERY_ENDED, type OperatorAnswer } from '../shared/operator-commands.js';
import type { DeliveryFilter } from './delivery-query.js';
import { NOT_A_DELIVERY } from './delivery-types.js';
import type { DeliverySummary } from './delivery-summary.js';
import { operate, operatedRun, type OperatorReach } from './operator-run.js';
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
  const reach: OperatorReach = { temporal, handle, timeoutMs };
  const retryOne = async (deliveryId: string, destination: Destination | undefined, requestedBy: string | undefined): Promise<DeliveryAnswer> => {
    const answer = await operate(reach, deliveryId, 'retry', async () =>
      (await operatedRun(reach, deliveryId, 'retry')).executeUpdate(retryUpdate, { args: [{ v: CONTRACT_VERSION, ...(destination ? { plan: deliveryPlanFrom(destination) } : {}), ...(requestedBy ? { requestedBy } : {}) }] }),
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
      const answer = await operate(reach, deliveryId, 'give up', async () =>
        (await operatedRun(reach, deliveryId, 'give up')).executeUpdate(giveUpUpdate, { args: [{ v: CONTRACT_VERSION, reason, ...(abandonOptions.requestedBy ? { requestedBy: abandonOptions.requestedBy } : {}) }] }),
      );
      return { deliveryId, ...answer };
    },
    // Temporal accepts a cancellation request for a closed workflow without a word: operatedRun() says how it ended instead.
    cancel: (deliveryId: string): Promise<void> =>
      operate(reach, deliveryId, 'cancel', async () => {
        await (await operatedRun(reach, deliveryId, 'cancel')).cancel();
      }),
    /** Retries every running delivery matching the filter (default: the parked ones); returns each one's answer. */
    retryMany: async (list: DeliveryLister, filter: DeliveryFilter, retryOptions: RetryOptions): Promise<DeliveryAnswer[]> =>
      retryMatching(list, filter, corrected(retryOptions, 'corrected destination'), (deliveryId, destination) => retryOne(deliveryId, destination, retryOptions.requestedBy)),
  };
}

/** Lists deliveries matching a filter, at most `limit` of them (the client's `list`). */
type DeliveryLister = (filter: DeliveryFilter, limit: number) => Promise<DeliverySummary[]>;

/** Retries each running delivery `list` finds for the filter, skipping those that ended meanwhile or are not deliveries. */
async function retryMatching(
  list: DeliveryLister,
  filter: DeliveryFilter,
  destination: Destination | undefined,
  retryOne: (deliveryId: string, destination: Destination | undefined) => Promise<DeliveryAnswer>,
): Promise<DeliveryAnswer[]> {
  // With no query or outcome given, "the stuck ones" is meant: the parked deliveries.
  const outcome = filter.outcome ?? (filter.query ? undefined : 'parked');
  const matching = await list({ ...filter, ...(outcome ? { outcome } : {}), runningOnly: true }, 10_000);
  const answers: DeliveryAnswer[] = [];
  for (const d of matching) {
    try {
      answers.push(await retryOne(d.deliveryId, destination));
    } catch (err) {
      // A delivery that ended between the listing and the update is simply not retried; nor is
      // anything the listing let through that is not a delivery (the list keeps deliverLead only).
      if (!(err instanceof LeadwireError && (err.code === DELIVERY_ENDED || err.code === 'DELIVERY_NOT_FOUND' || err.code === NOT_A_DELIVERY))) throw err;
    }
  }
  return answers;
}
