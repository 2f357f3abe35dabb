import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { DestinationInput } from '../../../src/config/destination-schema.js';
import { deliveryPlanFrom } from '../../../src/config/delivery-plan-from.js';
import { flowPlanFrom } from '../../../src/config/flow-plan-from.js';
import { parseFlow } from '../../../src/config/load-flow.js';
import { parseDestination } from '../../../src/config/parse-destination.js';
import type { DeliveryPlan } from '../../../src/contract/delivery-plan.js';
import type { FlowPlan } from '../../../src/contract/flow-plan.js';
import type { DeliverLeadInput, DistributeLeadInput } from '../../../src/contract/workflow-inputs.js';
import { CONTRACT_VERSION as v } from '../../../src/contract/version.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

let n = 0;
/** A name no other test of the run uses (the stubs answer by destination name). */
export const unique = (name: string): string => `${name}-${Date.now().toString(36)}-${++n}`;

/** A delivery plan as `leadwire` makes one from a destination file: the schema's defaults, then the contract. */
export function planFor(name: string, extra: Partial<DestinationInput> = {}): DeliveryPlan {
  return deliveryPlanFrom(parseDestination({ name, url: 'https://crm.example.com/leads', ...extra }));
}

/** A deliverLead input for `plan`; the delivery id is also the workflow id. */
export function deliveryInput(plan: DeliveryPlan, deliveryId = unique('delivery')): DeliverLeadInput {
  return { v, plan, lead: { id: deliveryId, email: 'ada@example.com', score: 80 }, deliveryId, leadId: deliveryId };
}

/** A flow plan as `leadwire` makes one from a flow file with its buyers' destinations inline. */
export async function flowFor(raw: Record<string, unknown>): Promise<FlowPlan> {
  return flowPlanFrom(await parseFlow(raw));
}

/** A distributeLead input for `flow`. */
export function distributionInput(flow: FlowPlan, distributionId = unique('distribution')): DistributeLeadInput {
  return { v, flow, lead: { id: distributionId, email: 'ada@example.com', score: 80 }, distributionId, leadId: distributionId };
}

/** When the workflow's run began and ended, on the server's clock (the skipped time included), in milliseconds. */
export async function serverTimeSpan(handle: WorkflowHandle): Promise<number> {
  const events = (await handle.fetchHistory()).events ?? [];
  const ms = (e: temporal.api.history.v1.IHistoryEvent | undefined) => Number(e?.eventTime?.seconds ?? 0) * 1000 + Math.round((e?.eventTime?.nanos ?? 0) / 1e6);
  return ms(events.at(-1)) - ms(events[0]);
}
