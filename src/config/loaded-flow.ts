import type { FlowStrategy } from '../contract/flow-plan.js';
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

/** A flow with every buyer's destination loaded and the flow's defaults applied: the edge's view, which flowPlanFrom turns into the stored plan. */
export interface Flow {
  name: string;
  strategy: FlowStrategy;
  lead_id_field: string;
  sale: 'exclusive' | 'shared';
  /** How many sales at most (1 for an exclusive lead; undefined: no limit). */
  max_sales?: number;
  max_buyers?: number;
  /** Milliseconds bids are collected for (ping_post). */
  ping_timeout: number;
  /** Milliseconds a bid stays valid after it arrived (ping_post). */
  bid_ttl: number;
  floor?: number;
  buyers: Buyer[];
}
