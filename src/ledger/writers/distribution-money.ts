import { sql, type Kysely } from 'kysely';
import type { LedgerDatabase } from '../schema/ledger-database.js';

/**
 * Sets a sold flow post's price (what its buyer pays: its bid, or its post's price) and its share
 * of the lead's cost (split evenly over the buyers that bought it) from its distribution. Both
 * writers run it, so the result is the same whichever of the post and the distribution is written first.
 */
export async function applyDistributionMoney(db: Kysely<LedgerDatabase>, where: { distributionId: string } | { deliveryId: string }): Promise<void> {
  await db
    .updateTable('deliveries as d')
    .from('distribution_buyers as b')
    .innerJoin('distributions as dist', 'dist.distribution_id', 'b.distribution_id')
    .set({
      price: sql`b.price`,
      cost: sql`case when dist.cost is null then null else round(dist.cost / greatest(cardinality(dist.sold_to), 1), 4) end`,
      distribution_money: true,
    })
    .whereRef('b.post_delivery_id', '=', 'd.delivery_id')
    .where('b.sold', '=', true)
    .$if('distributionId' in where, (q) => q.where('b.distribution_id', '=', (where as { distributionId: string }).distributionId))
    .$if('deliveryId' in where, (q) => q.where('d.delivery_id', '=', (where as { deliveryId: string }).deliveryId))
    .execute();
}
