import type { Outcome } from '../delivery/outcome.js';
import type { Bid } from './bids.js';
import type { FlowStrategy } from './flow.js';

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
   * `CHILD_FAILED` (its workflow failed: terminated, timed out), `CHILD_CANCELLED`, or
   * `PING_TIMEOUT` (a ping cancelled at the deadline). The reason says it in words.
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

/**
 * What one buyer pays, the one price rule: in an auction its bid, otherwise its post's own `price`
 * rule (or `fallback_price`). What a distribution sold for is the sum over the buyers that
 * accepted (`totalPrice`): for an exclusive sale, the one buyer's price.
 */
export function priceOf(buyers: readonly BuyerRecord[], buyer: string): number | undefined {
  const record = buyers.find((b) => b.buyer === buyer);
  return record?.bid?.price ?? record?.post?.price;
}

/** What each buyer that accepted the lead pays, in the order they accepted. */
export function pricesPaid(result: Pick<FlowResult, 'buyers' | 'soldTo'>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const buyer of result.soldTo) {
    const price = priceOf(result.buyers, buyer);
    if (price !== undefined) out[buyer] = price;
  }
  return out;
}

/** The sale summary of a finished flow, from its buyer records. */
export function saleSummary(buyers: readonly BuyerRecord[], posts: FlowResult['posts']): Pick<FlowResult, 'outcome' | 'winner' | 'soldTo' | 'salePrice' | 'totalPrice'> {
  const accepted = posts.filter((p) => p.outcome === 'success');
  const paid = (buyer: string) => priceOf(buyers, buyer);
  const prices = accepted.map((p) => paid(p.buyer)).filter((p): p is number => p !== undefined);
  const winner = accepted[0]?.buyer;
  const salePrice = winner === undefined ? undefined : paid(winner);
  return {
    outcome: accepted.length > 0 ? 'sold' : 'unsold',
    soldTo: accepted.map((p) => p.buyer),
    ...(winner !== undefined ? { winner } : {}),
    ...(salePrice !== undefined ? { salePrice } : {}),
    ...(prices.length > 0 ? { totalPrice: Math.round(prices.reduce((a, b) => a + b, 0) * 100) / 100 } : {}),
  };
}
