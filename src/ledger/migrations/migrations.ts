import type { Migration } from 'kysely';
import { migration0001 } from './0001-deliveries-and-distributions.js';
import { migration0002 } from './0002-money-returns-erasures.js';

/**
 * Every migration of the ledger's schema, oldest first. APPEND ONLY: a released migration is
 * never edited, renamed or removed (a ledger written by that release has run it); a change is
 * a new entry at the end. test/unit/ledger/migrations/migrations-append-only.test.ts holds the list.
 * Names sort in order (Kysely runs them by name).
 */
export const LEDGER_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-deliveries-and-distributions': migration0001,
  '0002-money-returns-erasures': migration0002,
};
