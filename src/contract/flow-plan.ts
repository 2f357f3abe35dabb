import type { DeliveryPlan } from './delivery-plan.js';

export type FlowStrategy = 'all' | 'in_order' | 'ping_post';

/**
 * One lead, many buyers: what a `distributeLead` workflow works from, with every buyer's
 * requests as delivery plans and the flow's defaults decided (src/config/flow-plan-from.ts).
 */
export interface FlowPlan {
  name: string;
  strategy: FlowStrategy;
  sale: 'exclusive' | 'shared';
  /** How many sales at most: 1 for an exclusive lead; absent: no limit. */
  max_sales?: number;
  /** For `all`: sold to at most this many buyers. */
  max_buyers?: number;
  /** Milliseconds each buyer has to answer its ping, from the ping's own send (ping_post). */
  ping_timeout: number;
  /**
   * Milliseconds the auction waits for its pings at most, from their start (ping_post). A plan
   * stored before the option existed lacks it: the upgrade functions give it
   * `defaultAuctionTimeoutMs(ping_timeout)` (src/contract/defaults.ts), as the edge does.
   */
  auction_timeout: number;
  /** Milliseconds a bid stays valid after it arrived (ping_post). */
  bid_ttl: number;
  /** Bids below this price are not accepted (ping_post). */
  floor?: number;
  buyers: BuyerPlan[];
}

/** A buyer: who a lead can be sold to, and how it is sent to them. */
export interface BuyerPlan {
  /** In child workflow ids, search attributes, metrics and the caps' workflow id. */
  name: string;
  /** Where the full lead is posted. */
  post: DeliveryPlan;
  /** For ping_post: the ping request; its `price` is the bid. */
  ping?: DeliveryPlan;
  caps?: CapsPlan;
}

/** How many leads a buyer takes per calendar hour, day and month, in its time zone. */
export interface CapsPlan {
  per_hour?: number;
  per_day?: number;
  per_month?: number;
  time_zone: string;
}
