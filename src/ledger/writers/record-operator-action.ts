import type { Kysely } from 'kysely';
import type { OperatorAction } from '../../core/delivery/delivery-result.js';
import type { LedgerDatabase } from '../schema/ledger-database.js';

/**
 * Audits operator actions on a delivery, one row each. An action is identified by its
 * delivery, time and kind, so recording it again (from the final record, a retried activity)
 * adds nothing.
 */
export async function recordOperatorActions(db: Kysely<LedgerDatabase>, deliveryId: string, actions: readonly OperatorAction[]): Promise<void> {
  if (actions.length === 0) return;
  await db
    .insertInto('operator_actions')
    .values(actions.map((a) => ({ delivery_id: deliveryId, at: a.at, action: a.action, requested_by: a.requestedBy ?? null, reason: a.reason ?? null })))
    .onConflict((oc) => oc.constraint('operator_actions_once').doNothing())
    .execute();
}
