import type { Caps } from '../../config/flow-schema.js';
import type { Destination } from '../../config/destination-schema.js';

export type FlowStrategy = 'all' | 'in_order' | 'ping_post';

/** A buyer with its destinations loaded: what a distribution works from. */
export interface Buyer {
  name: string;
  /** Where the full lead is posted. */
  destination: Destination;
  /** For ping_post: the ping request; its `price` is the bid. */
  ping?: Destination;
  caps?: Caps;
}

/** A flow with every buyer's destination loaded and the flow's defaults applied. */
export interface Flow {
  name: string;
  strategy: FlowStrategy;
  lead_id_field: string;
  sale: 'exclusive' | 'shared';
  /** How many sales at most (1 for an exclusive lead; undefined: no limit). */
  max_sales?: number;
  max_buyers?: number;
  /** Milliseconds each buyer has to answer its ping, from the ping's own send (ping_post). */
  ping_timeout: number;
  /**
   * Milliseconds the auction waits for its pings, from their start (ping_post). Flows started
   * before the option have none: the default for their ping_timeout (core/flows/auction-deadline.ts).
   */
  auction_timeout?: number;
  /** Milliseconds a bid stays valid after it arrived (ping_post). */
  bid_ttl: number;
  floor?: number;
  buyers: Buyer[];
}

export { DEFAULT_BID_TTL_MS, DEFAULT_PING_TIMEOUT_MS } from './flow-defaults.js';
