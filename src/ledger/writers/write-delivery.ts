import { sql, type Kysely } from 'kysely';
import type { OperatorAction } from '../../core/delivery/delivery-result.js';
import type { DeliveryRow, LedgerDatabase } from '../schema/ledger-database.js';
import { applyDistributionMoney } from './distribution-money.js';
import { isErased } from './erased-subject.js';
import { recordOperatorActions } from './record-operator-action.js';

/** What a write did: `written`, `stale` (the row already holds this state or a later one), or `erased` (the person asked to be forgotten). */
export type WriteOutcome = 'written' | 'stale' | 'erased';

/**
 * Writes a delivery's state: one row per delivery id, whatever the number of writes. A write
 * whose version is not above the row's changes nothing, so retried activities, worker kills,
 * replays and late arrivals never move a delivery back to an older state.
 */
export async function writeDelivery(db: Kysely<LedgerDatabase>, row: DeliveryRow): Promise<WriteOutcome> {
  if (await isErased(db, row.key_hashes)) return 'erased';
  const { delivery_id: _id, ...changes } = row;
  const written = await db
    .insertInto('deliveries')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('delivery_id')
        .doUpdateSet(() => ({
          ...Object.fromEntries(Object.keys(changes).map((column) => [column, sql.ref(`excluded.${column}`)])),
          // A sold post's money comes from its distribution once that is written (applyDistributionMoney).
          price: sql`case when deliveries.distribution_money then deliveries.price else excluded.price end`,
          cost: sql`case when deliveries.distribution_money then deliveries.cost else excluded.cost end`,
          updated_at: sql`now()`,
        }))
        .whereRef('deliveries.version', '<', 'excluded.version'),
    )
    .returning('delivery_id')
    .executeTakeFirst();
  const actions = JSON.parse(String(row.operator_actions ?? '[]')) as OperatorAction[];
  if (actions.length > 0) await recordOperatorActions(db, row.delivery_id, actions);
  if (written && row.flow_step === 'post' && row.distribution_id) await applyDistributionMoney(db, { deliveryId: row.delivery_id });
  return written ? 'written' : 'stale';
}
