import { sql } from 'kysely';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import type { Ledger } from '../open-ledger.js';

export interface PruneResult {
  cutoff: string;
  deliveries: number;
  distributions: number;
  operatorActions: number;
  returns: number;
}

const DAY_MS = 86_400_000;
const ENDED = ['success', 'failure', 'error', 'skipped', 'cancelled', 'sold', 'unsold'];

/**
 * Deletes what is older than the retention (`retention_days` in the ledger settings, or
 * `retentionDays`): ended deliveries and distributions (with their buyers' parts), operator
 * actions and returns. A delivery still running or parked is kept whatever its age. The erasure
 * audit is kept: it holds no personal data and refuses later writes for an erased person.
 */
export async function pruneLedger(ledger: Ledger, options: { now?: Date; retentionDays?: number } = {}): Promise<PruneResult | undefined> {
  const days = options.retentionDays ?? ledger.settings.retention_days;
  if (days === undefined) return undefined;
  if (!Number.isInteger(days) || days < 1) throw new LeadwireError('USAGE', `A ledger retention is a whole number of days, 1 or more (got ${days}).`);
  const cutoff = new Date((options.now ?? new Date()).getTime() - days * DAY_MS);
  return ledger.db.transaction().execute(async (tx) => {
    const deliveries = await tx.deleteFrom('deliveries').where(sql<Date>`coalesce(finished_at, intake_at)`, '<', cutoff).where('outcome', 'in', ENDED).executeTakeFirst();
    const distributions = await tx.deleteFrom('distributions').where(sql<Date>`coalesce(finished_at, started_at)`, '<', cutoff).where('outcome', 'in', ENDED).executeTakeFirst();
    const actions = await tx.deleteFrom('operator_actions').where('at', '<', cutoff).executeTakeFirst();
    const returns = await tx.deleteFrom('returns').where('returned_at', '<', cutoff).executeTakeFirst();
    return {
      cutoff: cutoff.toISOString(),
      deliveries: Number(deliveries.numDeletedRows),
      distributions: Number(distributions.numDeletedRows),
      operatorActions: Number(actions.numDeletedRows),
      returns: Number(returns.numDeletedRows),
    };
  });
}
