import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { parseDestination } from '../config/parse-destination.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { giveUpSignal, retrySignal } from '../shared/messages.js';
import type { DeliveryFilter } from './delivery-query.js';
import type { DeliverySummary, RetryOptions } from './leadwire-client.js';

/**
 * What an operator does to a waiting or parked delivery (single or batch): retry it now
 * (optionally with a corrected destination, validated here first), give it up with a reason,
 * cancel it, or retry every one that a filter matches.
 */
export function createOperatorActions(handle: (deliveryId: string) => WorkflowHandle) {
  /** Runs an operator signal, turning "no such running delivery" into a clear error. */
  const operate = async (deliveryId: string, action: () => Promise<void>) => {
    try {
      await action();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        throw new LeadwireError(
          'DELIVERY_NOT_RUNNING',
          `Delivery ${deliveryId} is not running (it does not exist or has already ended). Check the id with \`leadwire list\`, or start it again with \`leadwire deliver\`.`,
        );
      }
      throw err;
    }
  };

  const retry = async (deliveryId: string, retryOptions: RetryOptions = {}): Promise<void> => {
    const destination = retryOptions.destination ? parseDestination(retryOptions.destination, `corrected destination for ${deliveryId}`) : undefined;
    await operate(deliveryId, () =>
      handle(deliveryId).signal(retrySignal, {
        ...(destination ? { destination } : {}),
        ...(retryOptions.requestedBy ? { requestedBy: retryOptions.requestedBy } : {}),
      }),
    );
  };

  return {
    retry,
    async abandon(deliveryId: string, reason: string, abandonOptions: { requestedBy?: string } = {}): Promise<void> {
      if (!reason.trim()) throw new LeadwireError('USAGE', 'Give a reason for giving up the delivery (it is kept in the record).');
      await operate(deliveryId, () =>
        handle(deliveryId).signal(giveUpSignal, { reason, ...(abandonOptions.requestedBy ? { requestedBy: abandonOptions.requestedBy } : {}) }),
      );
    },
    cancel: (deliveryId: string): Promise<void> => operate(deliveryId, () => handle(deliveryId).cancel().then(() => undefined)),
    /** Retries every running delivery matching the filter (default: the parked ones); returns their ids. */
    async retryMany(list: (filter: DeliveryFilter, limit: number) => Promise<DeliverySummary[]>, filter: DeliveryFilter, retryOptions: RetryOptions): Promise<string[]> {
      // With no query or outcome given, "the stuck ones" is meant: the parked deliveries.
      const outcome = filter.outcome ?? (filter.query ? undefined : 'parked');
      const matching = await list({ ...filter, ...(outcome ? { outcome } : {}), runningOnly: true }, 10_000);
      const done: string[] = [];
      for (const d of matching) {
        try {
          await retry(d.deliveryId, retryOptions);
          done.push(d.deliveryId);
        } catch (err) {
          // A delivery that ended between the listing and the signal is simply not retried.
          if (!(err instanceof LeadwireError && err.code === 'DELIVERY_NOT_RUNNING')) throw err;
        }
      }
      return done;
    },
  };
}
