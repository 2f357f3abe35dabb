import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';
import { ClusterError } from './cluster-error.js';
import {
  DYNAMIC_CONFIG_FILE,
  logFile,
  POSTGRES_USER,
  SERVER_BIN,
  SERVER_CONFIG_FILE,
  type ClusterPorts,
  type ServiceName,
} from './cluster-layout.js';
import { commandLine, isAlive, signal, tail, terminate, waitForExit } from './processes.js';

/** The name each service reports itself under in gRPC health checks (grpc.health.v1). */
const HEALTH_SERVICE: Record<ServiceName, string> = {
  frontend: 'temporal.api.workflowservice.v1.WorkflowService',
  history: 'temporal.api.workflowservice.v1.HistoryService',
  matching: 'temporal.api.workflowservice.v1.MatchingService',
  worker: 'temporal.api.workflowservice.v1.WorkerService',
};

/**
 * The environment deploy/temporal/config.yaml is rendered from, for one service: the same
 * variables docker-compose.yml sets, with every port of the layout so the services find
 * each other's membership ports and each one's metrics listener is its own.
 */
export function serviceEnvironment(name: ServiceName, ports: ClusterPorts, password: string, logLevel = 'warn'): NodeJS.ProcessEnv {
  const s = ports.services;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: logLevel,
    POSTGRES_SEEDS: '127.0.0.1',
    DB_PORT: String(ports.postgres),
    POSTGRES_USER,
    POSTGRES_PWD: password,
    BIND_ON_IP: '127.0.0.1',
    FRONTEND_GRPC_PORT: String(s.frontend.grpc),
    FRONTEND_HTTP_PORT: String(s.frontend.http),
    FRONTEND_MEMBERSHIP_PORT: String(s.frontend.membership),
    HISTORY_GRPC_PORT: String(s.history.grpc),
    HISTORY_MEMBERSHIP_PORT: String(s.history.membership),
    MATCHING_GRPC_PORT: String(s.matching.grpc),
    MATCHING_MEMBERSHIP_PORT: String(s.matching.membership),
    WORKER_GRPC_PORT: String(s.worker.grpc),
    WORKER_MEMBERSHIP_PORT: String(s.worker.membership),
    PROMETHEUS_ENDPOINT: `127.0.0.1:${s[name].metrics}`,
    DYNAMIC_CONFIG_FILE_PATH: DYNAMIC_CONFIG_FILE,
  };
}

/** Whether `pid` is this cluster's `name` service (and not a stranger that reused the pid). */
export function isServiceProcess(pid: number | undefined, name: ServiceName): boolean {
  if (!pid || !isAlive(pid)) return false;
  const cmd = commandLine(pid);
  return cmd.includes(SERVER_BIN) && cmd.includes(`--service=${name}`);
}

/**
 * Starts one service as a process of its own, detached (it outlives the command that starts
 * it), output appended to .leadwire/cluster/logs/<name>.log. Returns its pid at once; see
 * {@link waitForServing}.
 */
export function spawnService(name: ServiceName, ports: ClusterPorts, password: string, logLevel?: string): number {
  const out = openSync(logFile(name), 'a');
  try {
    const child = spawn(SERVER_BIN, ['--config-file', SERVER_CONFIG_FILE, 'start', `--service=${name}`], {
      cwd: PROJECT_ROOT,
      env: serviceEnvironment(name, ports, password, logLevel),
      detached: true,
      stdio: ['ignore', out, out],
    });
    child.unref();
    if (!child.pid) throw new ClusterError('CLUSTER_SERVICE_START_FAILED', `Could not start ${SERVER_BIN} for the ${name} service. Run \`npm run cluster -- up\` to build it.`);
    return child.pid;
  } finally {
    closeSync(out);
  }
}

export type Health = 'SERVING' | 'NOT_SERVING' | 'UNREACHABLE';

/** One gRPC health check of `name` on its own port (2 s deadline). */
export async function serviceHealth(name: ServiceName, ports: ClusterPorts): Promise<Health> {
  const connection = Connection.lazy({ address: `127.0.0.1:${ports.services[name].grpc}` });
  try {
    const response = await connection.withDeadline(Date.now() + 2000, () => connection.healthService.check({ service: HEALTH_SERVICE[name] }));
    // grpc.health.v1 ServingStatus: 1 is SERVING.
    return response.status === 1 ? 'SERVING' : 'NOT_SERVING';
  } catch {
    return 'UNREACHABLE';
  } finally {
    await connection.close().catch(() => {});
  }
}

/**
 * Waits until every service in `pids` answers SERVING (or, with `until: 'listening'`, answers
 * at all: it has initialized and opened its port). Fails at once, with the tail of its log,
 * when one of them exits; after `timeoutMs`, names the ones still not serving.
 */
export async function waitForServing(
  pids: Partial<Record<ServiceName, number>>,
  ports: ClusterPorts,
  timeoutMs = 180_000,
  until: 'serving' | 'listening' = 'serving',
): Promise<void> {
  const pending = new Set(Object.keys(pids) as ServiceName[]);
  const deadline = Date.now() + timeoutMs;
  while (pending.size > 0) {
    for (const name of [...pending]) {
      if (!isAlive(pids[name])) {
        throw new ClusterError('CLUSTER_SERVICE_EXITED', `The Temporal ${name} service exited while starting. The end of ${logFile(name)}:\n${tail(logFile(name))}`);
      }
      const health = await serviceHealth(name, ports);
      if (health === 'SERVING' || (until === 'listening' && health === 'NOT_SERVING')) pending.delete(name);
    }
    if (pending.size === 0) return;
    if (Date.now() > deadline) {
      const logs = [...pending].map((name) => `${name} (${logFile(name)}):\n${tail(logFile(name), 15)}`).join('\n');
      throw new ClusterError('CLUSTER_SERVICE_TIMEOUT', `Not serving after ${timeoutMs / 1000} s: ${[...pending].join(', ')}.\n${logs}`);
    }
    await sleep(500);
  }
}

/** SIGTERM (graceful: history hands its shards over), SIGKILL after `graceMs`. */
export async function stopServiceProcess(pid: number, graceMs = 30_000): Promise<void> {
  await terminate(pid, graceMs);
}

/** SIGKILL, as a crash would; resolves once the process is gone. */
export async function killServiceProcess(pid: number): Promise<void> {
  signal(pid, 'SIGKILL');
  await waitForExit(pid, 10_000);
}
