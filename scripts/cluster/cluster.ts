import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { isPortFree } from '../../src/temporal/is-port-free.js';
import { ClusterError } from './cluster-error.js';
import {
  allPorts,
  CLUSTER_DIR,
  clusterPorts,
  LOG_DIR,
  NAMESPACE,
  SERVICE_NAMES,
  TEMPORAL_SERVER_VERSION,
  type ClusterPorts,
  type ServiceName,
} from './cluster-layout.js';
import { postgresPassword, readClusterState, writeClusterState, type ClusterState } from './cluster-state.js';
import { setUpNamespace } from './namespace-setup.js';
import { dumpDatabase, ensurePostgresInstalled, initPostgres, postgresPid, postgresReady, removePostgresHome, startPostgres as startPostgresServer, stopPostgresServer } from './postgres.js';
import { postgresPaths, type PostgresPaths } from './postgres-paths.js';
import { applyTemporalSchema, TEMPORAL_DATABASES } from './temporal-schema.js';
import { ensureTemporalServer } from './temporal-server-build.js';
import { isServiceProcess, killServiceProcess, serviceHealth, spawnService, stopServiceProcess, waitForServing, type Health } from './temporal-services.js';

export type { ClusterState } from './cluster-state.js';
export { readClusterState } from './cluster-state.js';
export { postgresPaths, type PostgresPaths } from './postgres-paths.js';
export { SERVICE_NAMES, TEMPORAL_SERVER_VERSION, type ServiceName, type ClusterPorts } from './cluster-layout.js';

type Log = (line: string) => void;

export interface StartClusterOptions {
  /** Frontend gRPC port of a new cluster (default 17233); the other ports follow it. */
  frontendPort?: number;
  /** PostgreSQL port of a new cluster (default 15432). */
  postgresPort?: number;
  /** The services' log level (default `warn`). */
  logLevel?: string;
  log?: Log;
}

export interface StartedCluster {
  /** host:port of the frontend: TEMPORAL_ADDRESS for clients and workers. */
  address: string;
  namespace: string;
  ports: ClusterPorts;
  /** Where PostgreSQL's data and log are. */
  postgres: PostgresPaths;
  /** Services that were already running and were left alone. */
  reusedServices: ServiceName[];
  server: 'reused' | 'built';
  seconds: number;
}

/**
 * `npm run cluster -- up`: builds (or reuses) the Temporal server, starts the project's own
 * PostgreSQL, applies the schema, runs history, matching, frontend and worker as four
 * processes, and registers the namespace and leadwire's search attributes. Whatever already
 * runs is kept, so calling it again is cheap.
 */
export async function startCluster(options: StartClusterOptions = {}): Promise<StartedCluster> {
  const started = Date.now();
  const log = options.log ?? console.log;
  const server = await ensureTemporalServer(log);
  const binDir = await ensurePostgresInstalled(log);
  const previous = readClusterState();
  if (previous && previous.serverVersion !== TEMPORAL_SERVER_VERSION) {
    // Processes of another server version keep running their old binary: stop them, so the
    // schema update below and the new binary take over.
    log(`The running services are Temporal ${previous.serverVersion}; restarting them on ${TEMPORAL_SERVER_VERSION}`);
    await Promise.all(SERVICE_NAMES.map(async (name) => isServiceProcess(previous.services[name]?.pid, name) && stopServiceProcess(previous.services[name]!.pid)));
    previous.services = {};
  }
  const ports = previous?.ports ?? clusterPorts(options.frontendPort, options.postgresPort);
  if (previous && ((options.frontendPort && options.frontendPort !== ports.services.frontend.grpc) || (options.postgresPort && options.postgresPort !== ports.postgres))) {
    log(`The cluster in ${CLUSTER_DIR} keeps its ports (frontend ${ports.services.frontend.grpc}, PostgreSQL ${ports.postgres}); \`down --purge\` first to change them.`);
  }
  const pg = postgresPaths(previous?.postgres);
  await checkPortsFree(ports, previous, pg);
  await mkdir(LOG_DIR, { recursive: true });
  const password = await postgresPassword();

  const state: ClusterState = {
    serverVersion: TEMPORAL_SERVER_VERSION,
    address: `127.0.0.1:${ports.services.frontend.grpc}`,
    ports,
    postgresBinDir: binDir,
    postgres: pg,
    services: { ...previous?.services },
    createdAt: previous?.createdAt ?? new Date().toISOString(),
  };
  // Written before initdb, so `down --purge` finds PostgreSQL's folder even when a step below fails.
  await writeClusterState(state);
  await initPostgres(binDir, pg, ports.postgres, password, log);
  await startPostgresServer(binDir, pg, log);
  await applyTemporalSchema(ports.postgres, password, log);
  const reusedServices = SERVICE_NAMES.filter((name) => isServiceProcess(state.services[name]?.pid, name));
  const pids: Partial<Record<ServiceName, number>> = Object.fromEntries(reusedServices.map((name) => [name, state.services[name]!.pid]));
  const spawn = async (name: ServiceName) => {
    pids[name] = spawnService(name, ports, password, options.logLevel);
    state.services[name] = { pid: pids[name]!, startedAt: new Date().toISOString() };
    // Written at each start, so `down` finds the processes even when a wait below fails.
    await writeClusterState(state);
  };
  const toStart = SERVICE_NAMES.filter((name) => !reusedServices.includes(name));
  if (reusedServices.length === 0 && toStart[0]) {
    // On a new database the first process to start writes the cluster metadata; two doing it
    // at once fail ("failed to initialize current cluster metadata"). One goes first.
    await spawn(toStart[0]);
    await waitForServing({ [toStart[0]]: pids[toStart[0]] }, ports, undefined, 'listening');
    toStart.shift();
  }
  for (const name of toStart) await spawn(name);
  log(`Temporal ${TEMPORAL_SERVER_VERSION}: ${SERVICE_NAMES.map((n) => `${n} pid ${pids[n]}${reusedServices.includes(n) ? ' (running)' : ''}`).join(', ')}; waiting until all serve`);
  await waitForServing(pids, ports);
  const setup = await setUpNamespace(state.address);
  if (setup.createdNamespace) log(`Namespace ${NAMESPACE}: registered`);
  if (setup.addedSearchAttributes.length > 0) log(`Search attributes added: ${setup.addedSearchAttributes.join(', ')}`);
  return { address: state.address, namespace: NAMESPACE, ports, postgres: pg, reusedServices, server, seconds: (Date.now() - started) / 1000 };
}

/** Fails, naming the port, when something else listens where a service that is not running yet would. */
async function checkPortsFree(ports: ClusterPorts, previous: ClusterState | undefined, pg: PostgresPaths): Promise<void> {
  const wanted: number[] = [];
  if (!postgresPid(pg)) wanted.push(ports.postgres);
  for (const name of SERVICE_NAMES) {
    if (isServiceProcess(previous?.services[name]?.pid, name)) continue;
    const p = ports.services[name];
    wanted.push(p.grpc, p.membership, p.metrics, ...(p.http ? [p.http] : []));
  }
  for (const port of wanted) {
    if (!(await isPortFree(port))) {
      throw new ClusterError(
        'CLUSTER_PORT_TAKEN',
        `Port ${port} on 127.0.0.1 is taken, and the cluster needs it (its ports: ${allPorts(ports).join(', ')}). ` +
          'Stop what listens there, or start the cluster elsewhere: `npm run cluster -- down --purge`, then `up --port <frontend port> --postgres-port <port>`.',
      );
    }
  }
}

function requireState(): ClusterState {
  const state = readClusterState();
  if (!state) throw new ClusterError('CLUSTER_NOT_CREATED', `No cluster in ${CLUSTER_DIR}. Run \`npm run cluster -- up\` first.`);
  return state;
}

/**
 * `npm run cluster -- down`: stops the four services (SIGTERM, so history hands its shards
 * over), then PostgreSQL. `purge` also deletes the data, logs and state: the cluster folder, and
 * PostgreSQL's own folder when it has one outside the checkout (as root).
 */
export async function stopCluster(options: { purge?: boolean; log?: Log } = {}): Promise<void> {
  const log = options.log ?? console.log;
  const state = readClusterState();
  const pg = postgresPaths(state?.postgres);
  if (state) {
    const order = [...SERVICE_NAMES].reverse();
    await Promise.all(
      order.map(async (name) => {
        const pid = state.services[name]?.pid;
        if (isServiceProcess(pid, name)) {
          await stopServiceProcess(pid!);
          log(`${name}: stopped (pid ${pid})`);
        }
      }),
    );
    await stopPostgresServer(state.postgresBinDir, pg);
    log('PostgreSQL: stopped');
    state.services = {};
    if (!options.purge) await writeClusterState(state);
  } else if (postgresPid(pg)) {
    const binDir = await ensurePostgresInstalled(log);
    await stopPostgresServer(binDir, pg);
  }
  if (options.purge) {
    await rm(CLUSTER_DIR, { recursive: true, force: true });
    log(`Deleted ${CLUSTER_DIR}`);
    if (pg.home && existsSync(pg.home)) {
      await removePostgresHome(pg);
      log(`Deleted ${pg.home}`);
    }
  }
}

export interface ServiceStatus {
  name: ServiceName | 'postgres';
  pid?: number;
  port: number;
  running: boolean;
  health: Health;
}

export interface ClusterStatus {
  address?: string;
  services: ServiceStatus[];
  /** Whether everything runs and answers. */
  healthy: boolean;
}

/** `npm run cluster -- status`: each process, whether it lives, and its gRPC health (pg_isready for PostgreSQL). */
export async function clusterStatus(): Promise<ClusterStatus> {
  const state = readClusterState();
  if (!state) return { services: [], healthy: false };
  const pgPid = postgresPid(postgresPaths(state.postgres));
  const services: ServiceStatus[] = [
    {
      name: 'postgres',
      ...(pgPid ? { pid: pgPid } : {}),
      port: state.ports.postgres,
      running: Boolean(pgPid),
      health: pgPid ? ((await postgresReady(state.postgresBinDir, state.ports.postgres)) ? 'SERVING' : 'NOT_SERVING') : 'UNREACHABLE',
    },
  ];
  for (const name of SERVICE_NAMES) {
    const pid = state.services[name]?.pid;
    const running = isServiceProcess(pid, name);
    services.push({
      name,
      ...(running ? { pid } : {}),
      port: state.ports.services[name].grpc,
      running,
      health: running ? await serviceHealth(name, state.ports) : 'UNREACHABLE',
    });
  }
  return { address: state.address, services, healthy: services.every((s) => s.running && s.health === 'SERVING') };
}

/** The frontend address of the cluster recorded in .leadwire/cluster, if one was started. */
export function clusterAddress(): string | undefined {
  return readClusterState()?.address;
}

// ---- One process at a time, for the fault suite (and `npm run cluster -- kill-service history`).

/** SIGKILLs one Temporal service, as a crash would. Resolves once the process is gone. */
export async function killService(name: ServiceName): Promise<void> {
  const pid = requireState().services[name]?.pid;
  if (isServiceProcess(pid, name)) await killServiceProcess(pid!);
}

/** Stops one Temporal service gracefully (SIGTERM; SIGKILL after `graceMs`). */
export async function stopService(name: ServiceName, graceMs = 30_000): Promise<void> {
  const pid = requireState().services[name]?.pid;
  if (isServiceProcess(pid, name)) await stopServiceProcess(pid!, graceMs);
}

/** Starts one Temporal service (no-op when it runs) and resolves once it serves. */
export async function startService(name: ServiceName, options: { logLevel?: string; timeoutMs?: number } = {}): Promise<number> {
  const state = requireState();
  const running = state.services[name]?.pid;
  if (isServiceProcess(running, name)) return running!;
  const pid = spawnService(name, state.ports, await postgresPassword(), options.logLevel);
  state.services[name] = { pid, startedAt: new Date().toISOString() };
  await writeClusterState(state);
  await waitForServing({ [name]: pid }, state.ports, options.timeoutMs);
  return pid;
}

/**
 * Stops the cluster's PostgreSQL while the services keep running: `fast` closes connections
 * cleanly, `immediate` aborts like a crash (the next start replays the WAL).
 */
export async function stopPostgres(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
  const state = requireState();
  await stopPostgresServer(state.postgresBinDir, postgresPaths(state.postgres), mode);
}

/** Starts the cluster's PostgreSQL again and resolves once it accepts connections. */
export async function startPostgres(): Promise<number> {
  const state = requireState();
  return startPostgresServer(state.postgresBinDir, postgresPaths(state.postgres), () => {});
}

/**
 * Everything Temporal stored, as text: `pg_dump --data-only` of both databases (binary
 * columns as hex). Tests look in it for what must never reach the server in plaintext.
 */
export async function dumpClusterDatabases(): Promise<string> {
  const state = requireState();
  const password = await postgresPassword();
  const dumps = await Promise.all(TEMPORAL_DATABASES.map(({ database }) => dumpDatabase(state.postgresBinDir, state.ports.postgres, password, database)));
  return dumps.join('\n');
}
