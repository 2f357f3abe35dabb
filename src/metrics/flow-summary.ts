import type { FlowResult } from '../core/flows/flow-result.js';

/** What a finished distribution reports to the worker's metrics and logs, per buyer. */
export interface FlowSummary {
  distributionId: string;
  flow: string;
  leadId: string;
  outcome: FlowResult['outcome'];
  buyers: {
    buyer: string;
    pinged: boolean;
    bid: boolean;
    /** Posted to: chosen by the auction, the waterfall or the fan-out. */
    won: boolean;
    accepted: boolean;
    rejected: boolean;
    /** What the buyer pays, when it accepted at a price. */
    price?: number;
  }[];
}

/** The per-buyer facts of a flow's result record. */
export function flowSummaryOf(result: FlowResult): FlowSummary {
  return {
    distributionId: result.distributionId,
    flow: result.flow,
    leadId: result.leadId,
    outcome: result.outcome,
    buyers: result.buyers.map((b) => {
      const price = b.sold ? (b.bid?.price ?? b.post?.price) : undefined;
      const posted = b.post !== undefined && b.post.outcome !== 'skipped';
      return {
        buyer: b.buyer,
        pinged: b.ping !== undefined,
        bid: b.bid !== undefined,
        won: posted,
        accepted: b.sold,
        rejected: posted && !b.sold,
        ...(price !== undefined ? { price } : {}),
      };
    }),
  };
}
