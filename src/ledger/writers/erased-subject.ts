import type { Kysely } from 'kysely';
import type { LedgerDatabase } from '../schema/ledger-database.js';

/** Whether any of these key hashes was erased: rows of an erased person are never written again. */
export async function isErased(db: Kysely<LedgerDatabase>, keyHashes: readonly string[]): Promise<boolean> {
  if (keyHashes.length === 0) return false;
  const hit = await db.selectFrom('erasures').select('id').where('subject_hash', 'in', [...keyHashes]).limit(1).executeTakeFirst();
  return hit !== undefined;
}
