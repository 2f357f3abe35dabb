import { DEFAULT_TASK_QUEUE } from '../shared/task-queue.js';
import { connectClient } from './client-connection.js';
import type { ClientContext } from './client-context.js';
import { deliveringPart } from './client-delivering.js';
import { flowsPart } from './client-flows.js';
import { queryingPart, type QueryingPart } from './client-querying.js';
import type { LeadwireClient, LeadwireClientOptions } from './leadwire-client-types.js';
import { createOperatorActions } from './operator-actions.js';

export type { LeadwireClient, LeadwireClientOptions, StartDeliveryOptions, StartedDelivery } from './leadwire-client-types.js';

/**
 * Typed access to leadwire deliveries: connects (or takes the given Temporal client) and
 * composes the client from its parts: delivering, querying, operator actions and flows.
 */
export async function createLeadwireClient(options: LeadwireClientOptions = {}): Promise<LeadwireClient> {
  const connection = await connectClient(options);
  const context: ClientContext = { temporal: connection.temporal, taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE };
  const querying = queryingPart(context);
  return {
    temporal: context.temporal,
    ...deliveringPart(context, querying, options.eagerStart),
    ...querying,
    ...operatingPart(context, querying, options.operatorActionTimeoutMs),
    ...flowsPart(context),
    close: () => connection.close(),
  };
}

/** The client's operator part: retry, give up or cancel a delivery, or retry every one a filter matches. */
function operatingPart({ temporal }: ClientContext, querying: QueryingPart, timeoutMs: number | undefined): Pick<LeadwireClient, 'retry' | 'abandon' | 'cancel' | 'retryMany'> {
  const operator = createOperatorActions(temporal, querying.handle, timeoutMs);
  return {
    retry: operator.retry,
    abandon: operator.abandon,
    cancel: operator.cancel,
    retryMany: (filter = {}, retryOptions = {}) => operator.retryMany(querying.list, filter, retryOptions),
  };
}
