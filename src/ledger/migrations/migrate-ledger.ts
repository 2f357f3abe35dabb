import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import { LEDGER_MIGRATIONS } from './migrations.js';

export const MIGRATION_TABLE = 'ledger_migrations';

function migrator(db: Kysely<any>, migrations: Readonly<Record<string, unknown>> = LEDGER_MIGRATIONS): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations as typeof LEDGER_MIGRATIONS },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
  });
}

/**
 * Brings the ledger's schema to the latest migration (or to `target`, a migration name:
 * the upgrade test builds an older ledger with it). Kysely's Migrator takes a lock, so
 * several workers starting at once migrate once. Returns the names it ran.
 */
export async function migrateLedger(db: Kysely<any>, target?: string): Promise<string[]> {
  const m = migrator(db);
  const result: MigrationResultSet = target ? await m.migrateTo(target) : await m.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    throw new LeadwireError('LEDGER_MIGRATION_FAILED', `The ledger's schema could not be upgraded${failed ? ` (migration ${failed})` : ''}: ${(result.error as Error).message}. Nothing of that migration was kept; fix the cause and start again.`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrations this ledger has run, oldest first. */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
}
