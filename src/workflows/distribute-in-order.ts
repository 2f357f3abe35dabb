import type { Distribution } from './distribution.js';

/** `in_order` (waterfall): offers the lead to one eligible buyer after another until max_sales buyers bought it. */
export async function distributeInOrder(d: Distribution, eligible: number[]): Promise<void> {
  const maxSales = d.flow.max_sales ?? Number.POSITIVE_INFINITY;
  for (const i of eligible) {
    if (d.sold() >= maxSales) {
      d.leaveOut(i, `not offered: already sold (${d.soldTo()})`);
      continue;
    }
    await d.post(i, d.lead);
  }
}
