import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';
import { CLUSTER_DIR } from './cluster-layout.js';
import { isRoot } from './processes.js';

/** Where the cluster's PostgreSQL keeps its files; recorded in the cluster's state.json. */
export interface PostgresPaths {
  /** The database cluster (`initdb -D`), mode 0700. */
  dataDir: string;
  /** The server's log (`pg_ctl -l`); initdb's output goes there too. */
  logFile: string;
  /**
   * As root: the folder made for PostgreSQL outside the checkout, owned by `postgres` (mode 0700),
   * holding `dataDir`, `logFile` and initdb's password file while it runs. `down --purge`
   * deletes it. Absent when PostgreSQL's files live in the cluster folder.
   */
  home?: string;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which often cannot reach the checkout (a
 * clone in /root, or in a `mktemp -d` folder, is behind a 0700 folder). Its files then live in
 * a folder of its own here, one per cluster folder.
 */
export const POSTGRES_HOMES_DIR = process.env.LEADWIRE_CLUSTER_POSTGRES_HOMES ?? '/var/lib/leadwire-cluster';

/** The folder of this cluster's PostgreSQL under {@link POSTGRES_HOMES_DIR}: the checkout's name and a hash of the cluster folder. */
export function postgresHomeFor(clusterDir = CLUSTER_DIR, homesDir = POSTGRES_HOMES_DIR): string {
  const hash = createHash('sha256').update(resolve(clusterDir)).digest('hex').slice(0, 16);
  const name = basename(PROJECT_ROOT).replace(/[^A-Za-z0-9._-]/g, '_');
  return join(homesDir, `${name}-${hash}`);
}

/** PostgreSQL's files in the cluster folder: a cluster of an ordinary user, or one made before they could move. */
export const inClusterDir = (clusterDir = CLUSTER_DIR): PostgresPaths => ({ dataDir: join(clusterDir, 'postgres'), logFile: join(clusterDir, 'logs', 'postgres.log') });

export interface PostgresPathOptions {
  /** Whether this process runs as root (default: whether it does). */
  root?: boolean;
  clusterDir?: string;
  homesDir?: string;
}

/**
 * Where this cluster's PostgreSQL is: as recorded in `state.json`; else where a new one goes:
 * in the cluster folder, or as root in a folder of `postgres`'s own ({@link postgresHomeFor}).
 * A database made in the cluster folder before is kept where it is.
 */
export function postgresPaths(recorded: PostgresPaths | undefined, options: PostgresPathOptions = {}): PostgresPaths {
  if (recorded) return recorded;
  const { root = isRoot(), clusterDir = CLUSTER_DIR, homesDir = POSTGRES_HOMES_DIR } = options;
  const inside = inClusterDir(clusterDir);
  if (!root || existsSync(join(inside.dataDir, 'PG_VERSION'))) return inside;
  const home = postgresHomeFor(clusterDir, homesDir);
  return { dataDir: join(home, 'data'), logFile: join(home, 'postgres.log'), home };
}
