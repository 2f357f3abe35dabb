import { WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import type { Destination, DestinationInput } from '../config/destination-schema.js';
import { deliveryPlanFrom } from '../config/delivery-plan-from.js';
import { parseDestination } from '../config/parse-destination.js';
import { CONTRACT_VERSION } from '../contract/version.js';
import type { BatchEntry } from '../core/batch/batch-entry.js';
import { deliveryIdFor, leadIdOf } from '../core/delivery/delivery-id.js';
import { checkStartId } from '../core/delivery/reserved-ids.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { staticDetails } from '../core/explain/static-details.js';
import { oneLine } from '../core/explain/words.js';
import { validateLead } from '../core/lead/validate-lead.js';
import type { DeliverLeadInput } from '../shared/delivery-input.js';
import { DESTINATION_KEY, LEAD_ID_KEY, OUTCOME_KEY } from '../shared/search-attributes.js';
import { searchKeyword } from '../shared/search-keyword.js';
import type { deliverLead } from '../workflows/deliver-lead.js';
import type { ClientContext } from './client-context.js';
import type { QueryingPart } from './client-querying.js';
import type { LeadwireClient, StartedDelivery } from './leadwire-client-types.js';
import { refuseIfTaken } from './refuse-if-taken.js';
import { submitToBatch } from './submit-to-batch.js';

/** The client's delivering part: start one delivery or many, or start one and wait for its record. */
export type DeliveringPart = Pick<LeadwireClient, 'startDelivery' | 'startDeliveries' | 'deliver'>;

/** How a delivering part starts work: on `context`, reading through `querying`, eagerly when asked. */
interface Starter extends ClientContext {
  querying: Pick<QueryingPart, 'handle' | 'result'>;
  eagerStart: boolean;
}

/** How many deliveries of a non-batch destination `startDeliveries` starts at once. */
const START_LANES = 32;

/** Builds the delivering part of a client on `context`; its started deliveries read their records through `querying`. */
export function deliveringPart(context: ClientContext, querying: Starter['querying'], eagerStart = false): DeliveringPart {
  const starter: Starter = { ...context, querying, eagerStart };
  const startDelivery: LeadwireClient['startDelivery'] = async (destinationIn, leadIn, startOptions = {}) => {
    const destination = parsedDestination(destinationIn);
    const entry = leadEntry(destination, leadIn, startOptions.deliveryId);
    if (destination.batch) return (await startBatched(starter, destination, [entry]))[0]!;
    return startSingle(starter, destination, entry);
  };
  return {
    startDelivery,
    async startDeliveries(destinationIn, leadsIn) {
      const destination = parsedDestination(destinationIn);
      if (destination.batch) return startBatched(starter, destination, leadsIn.map((lead) => leadEntry(destination, lead)));
      return inLanes(leadsIn, (lead) => startDelivery(destination, lead));
    },
    async deliver(destination, lead, startOptions) {
      const started = await startDelivery(destination, lead, startOptions);
      return started.result();
    },
  };
}

/** A destination validated in full, named in its messages by its name. */
function parsedDestination(destinationIn: Destination | DestinationInput): Destination {
  return parseDestination(destinationIn, `destination ${JSON.stringify((destinationIn as { name?: unknown }).name ?? '')}`);
}

/** A lead validated, with its lead id and its delivery id (the given one, checked, or `<destination>--<lead id>`). */
function leadEntry(destination: Destination, leadIn: unknown, givenId?: string): BatchEntry {
  const lead = validateLead(leadIn);
  const leadId = leadIdOf(lead, destination.lead_id_field);
  const deliveryId = deliveryIdFor(destination.name, leadId, givenId);
  checkStartId(deliveryId, 'delivery id', Boolean(givenId));
  return { deliveryId, leadId, lead };
}

/** Starts a deliverLead workflow for one lead, or finds the one already under its delivery id. */
async function startSingle(starter: Starter, destination: Destination, { deliveryId, leadId, lead }: BatchEntry): Promise<StartedDelivery> {
  const { temporal, taskQueue, querying } = starter;
  const input: DeliverLeadInput = { v: CONTRACT_VERSION, plan: deliveryPlanFrom(destination), lead, deliveryId, leadId };
  try {
    const started = await temporal.workflow.start('deliverLead', {
      taskQueue,
      workflowId: deliveryId,
      args: [input],
      // The delivery id is the idempotency key: a second start never sends a second time.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
      typedSearchAttributes: [
        { key: DESTINATION_KEY, value: destination.name },
        { key: LEAD_ID_KEY, value: searchKeyword(leadId) },
        { key: OUTCOME_KEY, value: 'pending' },
      ],
      staticSummary: oneLine(`${destination.name} · lead ${leadId}`),
      staticDetails: staticDetails({ destination: destination.name, id: deliveryId, lead: { id: leadId }, target: destination }),
      ...(starter.eagerStart ? { requestEagerStart: true } : {}),
    });
    return { deliveryId, leadId, started: true, eagerlyStarted: started.eagerlyStarted, handle: querying.handle(started.workflowId), result: () => querying.result(deliveryId) };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      await refuseIfTaken(temporal, deliveryId, 'deliverLead', 'delivery id');
      return { deliveryId, leadId, started: false, handle: querying.handle(deliveryId), result: () => querying.result(deliveryId) };
    }
    throw err;
  }
}

/** Hands leads of a `batch` destination to their batchers; each has no workflow of its own, only a result. */
async function startBatched(starter: Starter, destination: Destination, entries: BatchEntry[]): Promise<StartedDelivery[]> {
  const batcherOf = await submitToBatch(starter.temporal, starter.taskQueue, destination, entries);
  return entries.map(({ deliveryId, leadId }) => ({
    deliveryId,
    leadId,
    started: true,
    batcherId: batcherOf.get(deliveryId)!,
    result: () => starter.querying.result(deliveryId),
    get handle(): WorkflowHandle<typeof deliverLead> {
      throw new LeadwireError('BATCHED_LEAD', `Lead ${deliveryId} is delivered in a batch, not by its own workflow: use result() or \`leadwire status ${deliveryId}\`.`);
    },
  }));
}

/** Runs `start` for every item, at most START_LANES at a time, keeping the items' order in the answers. */
async function inLanes<T, R>(items: T[], start: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await start(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(START_LANES, items.length) }, lane));
  return out;
}
