import type { FlowPlan, FlowStrategy } from '../contract/flow-plan.js';
import type { Caps } from './flow-schema.js';
import type { Destination } from './destination-schema.js';

export type { FlowStrategy };

/** A buyer with its destinations loaded: what a flow file says of it, before it becomes a plan (flow-plan-from.ts). */
export interface Buyer {
  name: string;
  /** Where the full lead is posted. */
  destination: Destination;
  /** For ping_post: the ping request; its `price` is the bid. */
  ping?: Destination;
  caps?: Caps;
}

/**
 * A flow with every buyer's destination loaded and the flow's defaults applied: the edge's view,
 * which flowPlanFrom turns into the stored plan. The same fields as the plan, but buyers with
 * their destinations as loaded, and the lead id field the edge reads.
 */
export interface Flow extends Omit<FlowPlan, 'buyers'> {
  lead_id_field: string;
  buyers: Buyer[];
}
