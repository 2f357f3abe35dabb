import { sql, type Kysely } from 'kysely';
import type { LedgerDatabase } from '../schema/ledger-database.js';
import type { DistributionRows } from '../records/distribution-rows.js';
import { applyDistributionMoney } from './distribution-money.js';
import { isErased } from './erased-subject.js';
import type { WriteOutcome } from './write-delivery.js';

/**
 * Writes a distribution and its buyers' parts: one row per distribution id (and per buyer),
 * replaced only by a higher version. Then sets its sold posts' price and cost share.
 */
export async function writeDistribution(db: Kysely<LedgerDatabase>, rows: DistributionRows): Promise<WriteOutcome> {
  if (await isErased(db, rows.distribution.key_hashes)) return 'erased';
  const { distribution_id: id, ...changes } = rows.distribution;
  const written = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('distributions')
      .values(rows.distribution)
      .onConflict((oc) =>
        oc
          .column('distribution_id')
          .doUpdateSet(() => ({
            ...Object.fromEntries(Object.keys(changes).map((column) => [column, sql.ref(`excluded.${column}`)])),
            updated_at: sql`now()`,
          }))
          .whereRef('distributions.version', '<', 'excluded.version'),
      )
      .returning('distribution_id')
      .executeTakeFirst();
    if (!row) return false;
    await tx.deleteFrom('distribution_buyers').where('distribution_id', '=', id).execute();
    if (rows.buyers.length > 0) await tx.insertInto('distribution_buyers').values(rows.buyers).execute();
    return true;
  });
  if (written) await applyDistributionMoney(db, { distributionId: id });
  return written ? 'written' : 'stale';
}
