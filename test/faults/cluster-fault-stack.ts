import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import {
  clusterStatus,
  killService,
  startCluster,
  startPostgres,
  startService,
  stopPostgres,
  type StartClusterOptions,
} from '../../scripts/cluster/cluster.js';
import { installRuntime } from '../../src/temporal/install-runtime.js';
import { bundleWorkflows, laneMaker, type ClusterFaults, type FaultStack } from './fault-stack.js';
import type { WorkerSupervisor } from './worker-process.js';

/** How long the cluster may take to serve again after a fault (history reclaiming its shards included). */
const HEAL_TIMEOUT_MS = 120_000;

export interface ClusterFaultStack extends FaultStack {
  cluster: ClusterFaults;
  /** Whether this run brought the cluster up (else it was running already, e.g. in CI). */
  startedCluster: boolean;
}

/**
 * The fault suite on the project's PostgreSQL-backed cluster (`npm run test:faults -- --cluster`):
 * starts it when it is not up (the ports from LEADWIRE_CLUSTER_PORT and
 * LEADWIRE_CLUSTER_POSTGRES_PORT, as `npm run cluster -- up` reads them), reuses it when it
 * is. Scenarios break its processes through `cluster`; `recover()` runs after each one, so a
 * scenario that failed half-way does not leave the next without a database.
 */
export async function startClusterFaultStack(env: NodeJS.ProcessEnv = process.env): Promise<ClusterFaultStack> {
  installRuntime();
  const options: StartClusterOptions = { log: () => {} };
  const port = Number(env.LEADWIRE_CLUSTER_PORT);
  const postgresPort = Number(env.LEADWIRE_CLUSTER_POSTGRES_PORT);
  if (port) options.frontendPort = port;
  if (postgresPort) options.postgresPort = postgresPort;
  const dir = await mkdtemp(join(tmpdir(), 'leadwire-faults-'));
  const [cluster, bundlePath] = await Promise.all([startCluster(options), bundleWorkflows(dir)]);
  const connection = await Connection.connect({ address: cluster.address });
  const temporal = new Client({ connection });
  const workers: WorkerSupervisor[] = [];

  const heal = async (): Promise<string[]> => {
    const status = await clusterStatus();
    const down = status.services.filter((s) => !s.running).map((s) => s.name);
    // startCluster starts only what is missing (PostgreSQL first), then waits until all four serve.
    if (down.length > 0) await startCluster(options);
    const deadline = Date.now() + HEAL_TIMEOUT_MS;
    for (let s = status; !s.healthy; s = await clusterStatus()) {
      if (Date.now() > deadline) {
        throw new Error(`the cluster is not healthy ${HEAL_TIMEOUT_MS / 1000} s after a fault: ${s.services.map((x) => `${x.name} ${x.running ? x.health : 'not running'}`).join(', ')}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    return down;
  };

  const faults: ClusterFaults = {
    killService,
    async startService(name) {
      await startService(name, { timeoutMs: HEAL_TIMEOUT_MS });
    },
    stopPostgres,
    async startPostgres() {
      await startPostgres();
    },
    heal,
  };

  return {
    kind: 'cluster',
    address: cluster.address,
    temporal,
    startedCluster: cluster.reusedServices.length === 0,
    lane: laneMaker(() => cluster.address, bundlePath, temporal, workers),
    cluster: faults,
    recover: heal,
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await connection.close().catch(() => undefined);
      // Whatever a scenario stopped runs again: the cluster is left as it was found (up).
      await heal().catch((err: unknown) => console.error(`cluster: ${(err as Error).message}`));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
