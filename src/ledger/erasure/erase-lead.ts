import { sql } from 'kysely';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import type { Ledger } from '../open-ledger.js';
import { keyHash, normalizeKey } from '../records/lead-protection.js';

/** Whose data to erase: a lead id, or every lead with this email address. */
export type ErasureSubject = { leadId: string } | { email: string };

export interface ErasureResult {
  /** The erasure audit row's id. */
  erasureId: string;
  /** The lead ids whose rows were deleted (for the caller only: the audit keeps none). */
  leadIds: string[];
  deliveries: number;
  distributions: number;
  returns: number;
  operatorActions: number;
  /** Workflow histories deleted from Temporal, when `deleteWorkflows` was given. */
  workflows?: number;
}

export interface EraseOptions {
  requestedBy?: string;
  now?: Date;
  /** Deletes the leads' workflow histories (deleteLeadWorkflows with a Temporal client); returns how many. */
  deleteWorkflows?: (leadIds: readonly string[]) => Promise<number>;
}

/**
 * Erases a person from the ledger: every delivery, distribution, return and operator action of
 * their leads, found by lead id or by the keyed hash of their email. Records the erasure in
 * `erasures` as the subject's keyed hash and counts only, and refuses later writes for it.
 * Then, with `deleteWorkflows`, deletes their workflows' histories from Temporal.
 */
export async function eraseLead(ledger: Ledger, subject: ErasureSubject, options: EraseOptions = {}): Promise<ErasureResult> {
  const { kind, hash } = subjectHash(ledger, subject);
  const result = await ledger.db.transaction().execute(async (tx) => {
    const matches = sql<boolean>`key_hashes @> array[${hash}]::text[]`;
    const found = await tx
      .selectFrom('deliveries')
      .select('lead_id')
      .where(matches)
      .union(tx.selectFrom('distributions').select('lead_id').where(matches))
      .execute();
    const leadIds = [...new Set([...found.map((r) => r.lead_id), ...('leadId' in subject ? [subject.leadId] : [])])];
    const deliveryIds = leadIds.length === 0 ? [] : (await tx.selectFrom('deliveries').select('delivery_id').where('lead_id', 'in', leadIds).execute()).map((r) => r.delivery_id);
    const count = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
    const operatorActions = deliveryIds.length === 0 ? 0 : count(await tx.deleteFrom('operator_actions').where('delivery_id', 'in', deliveryIds).executeTakeFirst());
    const returns = leadIds.length === 0 ? 0 : count(await tx.deleteFrom('returns').where('lead_id', 'in', leadIds).executeTakeFirst());
    const deliveries = leadIds.length === 0 ? 0 : count(await tx.deleteFrom('deliveries').where('lead_id', 'in', leadIds).executeTakeFirst());
    const distributions = leadIds.length === 0 ? 0 : count(await tx.deleteFrom('distributions').where('lead_id', 'in', leadIds).executeTakeFirst());
    const audit = await tx
      .insertInto('erasures')
      .values({ subject: kind, subject_hash: hash, requested_by: options.requestedBy ?? null, erased_at: options.now ?? new Date(), deliveries, distributions, returns, operator_actions: operatorActions, workflows: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { erasureId: String(audit.id), leadIds, deliveries, distributions, returns, operatorActions };
  });
  if (!options.deleteWorkflows) return result;
  const workflows = await options.deleteWorkflows(result.leadIds);
  await ledger.db.updateTable('erasures').set({ workflows }).where('id', '=', result.erasureId).execute();
  return { ...result, workflows };
}

function subjectHash(ledger: Ledger, subject: ErasureSubject): { kind: 'lead' | 'email'; hash: string } {
  if ('leadId' in subject) {
    if (!subject.leadId.trim()) throw new LeadwireError('USAGE', 'An erasure needs a lead id (--lead <id>) or an email address (--email <address>).');
    return { kind: 'lead', hash: keyHash(ledger.protection.hashKey, 'lead', subject.leadId) };
  }
  const email = normalizeKey('email', subject.email);
  if (!email || !email.includes('@')) throw new LeadwireError('USAGE', 'An erasure by email needs an email address (--email someone@example.com).');
  if (!ledger.protection.keys.includes('email')) {
    throw new LeadwireError('LEDGER_NO_EMAIL_KEY', 'The ledger settings\' `lead_keys` leave out `email`, so leads cannot be found by email: erase by lead id, or add email to lead_keys (new rows only).');
  }
  return { kind: 'email', hash: keyHash(ledger.protection.hashKey, 'email', email) };
}
