import type { Outcome } from './delivery-record.js';
import type { FlowStrategy } from './flow-plan.js';

/** A buyer's answer to a ping that is a bid: a price, and how long it holds. */
export interface Bid {
  buyer: string;
  price: number;
  /**
   * ISO 8601 time the bid arrived: the buyer's answer to its ping (auctions started before
   * ping-window-from-send: when the ping finished, on the flow's clock).
   */
  receivedAt: string;
  /** ISO 8601 time after which the bid is no longer valid (`receivedAt` + `bid_ttl`). */
  expiresAt: string;
  /**
   * How long the buyer took to answer, from its ping's send to the bid, in milliseconds
   * (auctions started before ping-window-from-send: from the auction's pings' start).
   */
  durationMs: number;
  /** The ping response's `response_parser` fields: what the post sees as `ping.fields`. */
  fields: Record<string, unknown>;
  reference?: string;
}

/** One request to a buyer (a ping or a post), as a child `deliverLead` workflow ended it. */
export interface StepRecord {
  /** The child workflow's id (and delivery id). */
  deliveryId: string;
  outcome: Outcome;
  reason: string;
  /** ISO 8601 times, on the flow's clock. */
  startedAt: string;
  finishedAt?: string;
  /** The price the buyer's response gave (`price`), when any. */
  price?: number;
  /** HTTP status of the last response, when any. */
  status?: number;
  /**
   * Why the child gave no record of its own: `CHILD_NOT_STARTED` (its id was taken),
   * `CHILD_FAILED` (its workflow failed: terminated, timed out), `CHILD_CANCELLED`,
   * `AUCTION_TIMEOUT` (a ping cancelled at the auction's deadline, `auction_timeout`), or
   * `PING_TIMEOUT` (the same in auctions started before ping-window-from-send, whose one
   * deadline was `ping_timeout`). The reason says it in words.
   */
  errorCode?: string;
}

/** What happened with one buyer. */
export interface BuyerRecord {
  buyer: string;
  /** Whether the buyer was offered the lead at all (pinged, or posted to). */
  eligible: boolean;
  /** Why the buyer was left out or not sold to (skip rule, cap, no bid, late, below floor, expired bid...). */
  skipped?: string;
  ping?: StepRecord;
  bid?: Bid;
  post?: StepRecord;
  sold: boolean;
}

/** The record a distribution ends with: the `distributeLead` workflow's result. */
export interface FlowResult {
  distributionId: string;
  flow: string;
  strategy: FlowStrategy;
  sale: 'exclusive' | 'shared';
  leadId: string;
  /** `sold` when at least one buyer accepted the lead. */
  outcome: 'sold' | 'unsold';
  /** Every buyer, in the flow's order. */
  buyers: BuyerRecord[];
  /** Every bid counted (ping_post), best first. */
  bids: Bid[];
  /** The first buyer that accepted (the only one, for an exclusive lead). */
  winner?: string;
  /** Every buyer that accepted, in the order they did. */
  soldTo: string[];
  /** What the winner pays: its bid (ping_post), else its post's `price`. */
  salePrice?: number;
  /** What the lead sold for: the sum of what every buyer that accepted pays (the `LeadwirePrice` search attribute). */
  totalPrice?: number;
  /** Every post, in the order they were made, with its outcome. */
  posts: (StepRecord & { buyer: string })[];
  startedAt: string;
  finishedAt: string;
}
