import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import { readCodecKeys } from '../codec/codec-keys.js';
import { describeLedgerTarget, readLedgerTarget, type LedgerTarget } from './config/ledger-target.js';
import { readLedgerKey } from './config/ledger-key.js';
import { loadLedgerSettings } from './config/load-ledger-settings.js';
import type { LedgerSettings } from './config/ledger-settings-schema.js';
import { reachEmbeddedLedger } from './embedded/embedded-host.js';
import { embeddedPool } from './embedded/embedded-pool.js';
import { openPglite } from './embedded/open-pglite.js';
import { startWireServer } from './embedded/wire-server.js';
import { migrateLedger } from './migrations/migrate-ledger.js';
import type { LeadProtection } from './records/lead-protection.js';
import type { LedgerDatabase } from './schema/ledger-database.js';

/** An open ledger: its query builder, settings and secrets. Close it when done. */
export interface Ledger {
  db: Kysely<LedgerDatabase>;
  settings: LedgerSettings;
  protection: LeadProtection;
  /** Where it is, safe to log (no credentials). */
  where: string;
  close(): Promise<void>;
}

export interface OpenLedgerOptions {
  /** Read for LEADWIRE_LEDGER_URL, LEADWIRE_LEDGER_KEY, LEADWIRE_LEDGER_CONFIG and LEADWIRE_CODEC_KEYS. */
  env?: Record<string, string | undefined>;
  /** Where `.leadwire/ledger/` is for the embedded default; default the working folder. */
  cwd?: string;
  /** Instead of the file LEADWIRE_LEDGER_CONFIG names. */
  settings?: LedgerSettings;
  /** Upgrade the schema to the latest migration (default true). */
  migrate?: boolean;
  /** Connections at most (default 10 for PostgreSQL, 4 embedded). */
  poolSize?: number;
}

/**
 * Opens the ledger LEADWIRE_LEDGER_URL names (see readLedgerTarget), upgrading its schema.
 * Undefined when the ledger is off. Every kind is reached with node-postgres through Kysely,
 * so the embedded ledger runs exactly the SQL a PostgreSQL server does.
 */
export async function openLedger(options: OpenLedgerOptions = {}): Promise<Ledger | undefined> {
  const env = options.env ?? process.env;
  const target = readLedgerTarget(env, options.cwd);
  if (target.kind === 'off') return undefined;
  const [settings, hashKey] = await Promise.all([options.settings ?? loadLedgerSettings(env), readLedgerKey(target, env)]);
  const codecKeys = readCodecKeys(env);
  const pool = await poolFor(target, options.poolSize);
  const db = new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (options.migrate ?? true) await migrateLedger(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return {
    db,
    settings,
    protection: { hashKey, keys: settings.lead_keys, fields: settings.lead_fields, ...(codecKeys ? { codecKeys } : {}) },
    where: describeLedgerTarget(target),
    close: () => db.destroy(),
  };
}

async function poolFor(target: Exclude<LedgerTarget, { kind: 'off' }>, poolSize: number | undefined): Promise<PostgresPool> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.connectionString, max: poolSize ?? 10 });
    // A connection dropped while idle (the server restarted) leaves the pool; the next query reconnects.
    pool.on('error', () => {});
    return pool;
  }
  if (target.kind === 'embedded') return embeddedPool(() => reachEmbeddedLedger(target.dir, openPglite), poolSize ?? 4);
  return inMemoryPool(poolSize ?? 4);
}

/** A PGlite database in this process's memory, served like the embedded ledger (tests, `pglite:memory`). */
async function inMemoryPool(max: number): Promise<PostgresPool> {
  const database = await openPglite();
  const server = await startWireServer({ db: database.db, password: 'memory' });
  const pool = new pg.Pool({ host: '127.0.0.1', port: server.port, user: 'postgres', database: 'postgres', password: 'memory', max });
  pool.on('error', () => {});
  return {
    connect: () => pool.connect(),
    async end() {
      await pool.end();
      await server.stop();
      await database.close();
    },
  };
}
