import type { BuyerRecord, FlowResult, StepRecord } from '../../contract/flow-records.js';

export type { BuyerRecord, FlowResult, StepRecord };

/**
 * What one buyer pays, the one price rule: in an auction its bid, otherwise its post's own `price`
 * rule (or `fallback_price`). What a distribution sold for is the sum over the buyers that
 * accepted (`totalPrice`): for an exclusive sale, the one buyer's price.
 */
function priceOf(buyers: readonly BuyerRecord[], buyer: string): number | undefined {
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
