/**
 * A sale in words, the same in `distribute`, `status` and `list --flows`: one buyer "sold to acme
 * at 12"; a shared sale names what each buyer pays and what the lead sold for in all, "sold to
 * acme (12), bolt (9.5) for 21.5 in all" (the one price rule: src/core/flows/flow-result.ts).
 */
export function saleWords(sale: { soldTo: readonly string[]; prices?: Readonly<Record<string, number>>; total?: number }): string {
  const { soldTo, prices = {}, total } = sale;
  if (soldTo.length === 1) {
    const price = prices[soldTo[0]!] ?? total;
    return `sold to ${soldTo[0]}${price !== undefined ? ` at ${price}` : ''}`;
  }
  const names = soldTo.map((b) => (prices[b] !== undefined ? `${b} (${prices[b]})` : b)).join(', ');
  return `sold to ${names}${total !== undefined ? ` for ${total} in all` : ''}`;
}
