import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';
import { ClusterError } from './cluster-error.js';

/**
 * The Temporal server the project's cluster runs (and docker-compose.yml's images; the compose
 * consistency test keeps them equal). Go ≥ 1.26.10 builds it, hence {@link GO_TOOLCHAIN}.
 */
export const TEMPORAL_SERVER_VERSION = '1.32.2';
/** The Go toolchain `go install` fetches from the Go module proxy when the installed Go is older. */
export const GO_TOOLCHAIN = 'go1.27.3';
export const TEMPORAL_SERVER_PACKAGES = ['go.temporal.io/server/cmd/server', 'go.temporal.io/server/cmd/tools/sql'];

/**
 * Built binaries (git-ignored): `server` (all four services) and `sql` (the schema tool).
 * LEADWIRE_TEMPORAL_SERVER_DIR points elsewhere, e.g. at a build several checkouts share.
 */
export const SERVER_TOOLS_DIR = process.env.LEADWIRE_TEMPORAL_SERVER_DIR ?? join(PROJECT_ROOT, '.tools', 'temporal-server');
export const SERVER_BIN = join(SERVER_TOOLS_DIR, 'bin', 'server');
export const SQL_BIN = join(SERVER_TOOLS_DIR, 'bin', 'sql');

/** The server config template and dynamic config, shared with docker-compose.yml. */
export const SERVER_CONFIG_FILE = join(PROJECT_ROOT, 'deploy', 'temporal', 'config.yaml');
export const DYNAMIC_CONFIG_FILE = join(PROJECT_ROOT, 'deploy', 'temporal', 'dynamicconfig.yaml');

/** Everything the running cluster keeps (git-ignored): state, logs and PostgreSQL's data (as root, that lives outside the checkout: postgres-paths.ts). */
export const CLUSTER_DIR = process.env.LEADWIRE_CLUSTER_DIR ?? join(PROJECT_ROOT, '.leadwire', 'cluster');
export const STATE_FILE = join(CLUSTER_DIR, 'state.json');
export const PASSWORD_FILE = join(CLUSTER_DIR, 'postgres-password');
export const LOG_DIR = join(CLUSTER_DIR, 'logs');

export const NAMESPACE = 'default';
/** How long closed workflows stay visible (the Temporal CLI's default for a new namespace). */
export const NAMESPACE_RETENTION_HOURS = 72;
export const POSTGRES_USER = 'temporal';

/** The four Temporal services, each its own process, in the order they start. */
export const SERVICE_NAMES = ['history', 'matching', 'frontend', 'worker'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServicePorts {
  grpc: number;
  membership: number;
  /** Prometheus metrics on http://127.0.0.1:<metrics>/metrics. */
  metrics: number;
  /** The frontend's HTTP API. */
  http?: number;
}

export interface ClusterPorts {
  postgres: number;
  services: Record<ServiceName, ServicePorts>;
}

export const DEFAULT_FRONTEND_PORT = 17233;
/** The largest port Temporal can record for a service in PostgreSQL (cluster_membership.rpc_port is a SMALLINT). */
const MAX_MEMBERSHIP_PORT = 32_767;
export const DEFAULT_POSTGRES_PORT = 15432;

/**
 * Temporal's standard port layout (frontend 7233, history 7234, matching 7235, worker 7239,
 * HTTP 7243, membership 693x, metrics 8000+) moved so the frontend is on `frontend`:
 * 17233 by default, so the cluster never collides with a dev server on 7233.
 */
export function clusterPorts(frontend = DEFAULT_FRONTEND_PORT, postgres = DEFAULT_POSTGRES_PORT): ClusterPorts {
  const at = (offset: number) => frontend + offset;
  // Each service records its membership port in cluster_membership.rpc_port, a PostgreSQL SMALLINT.
  const highestMembership = at(-294);
  if (highestMembership > MAX_MEMBERSHIP_PORT) {
    throw new ClusterError(
      'CLUSTER_BAD_PORT',
      `Frontend port ${frontend} puts the membership ports at ${at(-300)} to ${highestMembership}, above ${MAX_MEMBERSHIP_PORT}: Temporal keeps them in a PostgreSQL smallint column, and history would fail to start. ` +
        `Pick a frontend port of ${MAX_MEMBERSHIP_PORT + 294} or lower (--port, LEADWIRE_CLUSTER_PORT).`,
    );
  }
  return {
    postgres,
    services: {
      frontend: { grpc: at(0), http: at(10), membership: at(-300), metrics: at(767) },
      history: { grpc: at(1), membership: at(-299), metrics: at(768) },
      matching: { grpc: at(2), membership: at(-298), metrics: at(769) },
      worker: { grpc: at(6), membership: at(-294), metrics: at(770) },
    },
  };
}

/** Every TCP port a layout listens on. */
export function allPorts(ports: ClusterPorts): number[] {
  const list = [ports.postgres];
  for (const name of SERVICE_NAMES) {
    const p = ports.services[name];
    list.push(p.grpc, p.membership, p.metrics, ...(p.http ? [p.http] : []));
  }
  return list;
}

export function logFile(name: ServiceName | 'postgres' | 'schema' | 'build'): string {
  return join(LOG_DIR, `${name}.log`);
}
