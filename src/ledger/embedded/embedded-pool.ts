import pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type { EmbeddedLedgerAccess } from './embedded-host.js';

/** A pool of connections to the embedded ledger that follows it when the process serving it stops. */
export interface EmbeddedPool extends PostgresPool {
  /** Whether this process serves the ledger right now. */
  readonly hosting: boolean;
}

interface Current {
  access: EmbeddedLedgerAccess;
  pool: pg.Pool;
}

/**
 * node-postgres connections to the embedded ledger's server. When that server is gone (its
 * process stopped), the next connection reaches the ledger again: through the process that
 * serves it now, or by serving it from this one.
 */
export function embeddedPool(reach: () => Promise<EmbeddedLedgerAccess>, max = 4): EmbeddedPool {
  let current: Promise<Current> | undefined;
  const open = async (): Promise<Current> => {
    const access = await reach();
    const pool = new pg.Pool({ host: '127.0.0.1', port: access.address.port, user: 'postgres', database: 'postgres', password: access.address.password, max, idleTimeoutMillis: 10_000 });
    // An idle connection whose server went away: dropped from the pool; the next query reconnects.
    pool.on('error', () => {});
    return { access, pool };
  };
  const retire = async (stale: Current) => {
    await stale.pool.end().catch(() => {});
    await stale.access.release();
  };
  let hosting = false;
  return {
    get hosting() {
      return hosting;
    },
    async connect(): Promise<PostgresPoolClient> {
      const first = current ?? (current = open());
      const state = await first;
      hosting = state.access.hosting;
      try {
        return await state.pool.connect();
      } catch (err) {
        if (!serverGone(err)) throw err;
        if (current === first) current = retire(state).then(open);
        const next = await current;
        hosting = next.access.hosting;
        return next.pool.connect();
      }
    },
    async end(): Promise<void> {
      const state = await current?.catch(() => undefined);
      current = undefined;
      if (state) await retire(state);
    },
  };
}

const serverGone = (err: unknown): boolean => ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes((err as NodeJS.ErrnoException).code ?? '');
