import type { BuyerRecord, FlowResult, StepRecord } from '../../contract/flow-records.js';

export type { BuyerRecord, FlowResult, StepRecord };

/** The sale summary of a finished flow, from its buyer records. */
export function saleSummary(buyers: readonly BuyerRecord[], posts: FlowResult['posts']): Pick<FlowResult, 'outcome' | 'winner' | 'soldTo' | 'salePrice' | 'totalPrice'> {
  const accepted = posts.filter((p) => p.outcome === 'success');
  const priceOf = (buyer: string) => {
    const record = buyers.find((b) => b.buyer === buyer);
    // An auction's winner pays its bid; otherwise the post's own `price` rule says what was paid.
    return record?.bid?.price ?? record?.post?.price;
  };
  const prices = accepted.map((p) => priceOf(p.buyer)).filter((p): p is number => p !== undefined);
  const winner = accepted[0]?.buyer;
  const salePrice = winner === undefined ? undefined : priceOf(winner);
  return {
    outcome: accepted.length > 0 ? 'sold' : 'unsold',
    soldTo: accepted.map((p) => p.buyer),
    ...(winner !== undefined ? { winner } : {}),
    ...(salePrice !== undefined ? { salePrice } : {}),
    ...(prices.length > 0 ? { totalPrice: Math.round(prices.reduce((a, b) => a + b, 0) * 100) / 100 } : {}),
  };
}
