import { clusterAddress, startCluster, stopCluster } from '../scripts/cluster/cluster.js';

export interface BenchCluster {
  address: string;
  /** Whether the bench started it (it then stops it again), or found it running. */
  startedByBench: boolean;
  /** Seconds `startCluster` took (about 1 s when everything already ran). */
  upSeconds: number;
  /** Stops the cluster if the bench started it (data kept, as `npm run cluster -- down`); else nothing. */
  release(): Promise<void>;
}

/**
 * The project's PostgreSQL-backed Temporal cluster (scripts/cluster/), for `--cluster`: reused
 * when it runs, else started, on the ports `npm run cluster -- up` would use
 * (LEADWIRE_CLUSTER_PORT, LEADWIRE_CLUSTER_POSTGRES_PORT, or the defaults).
 */
export async function ensureBenchCluster(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<BenchCluster> {
  const frontendPort = portFrom(env.LEADWIRE_CLUSTER_PORT, 'LEADWIRE_CLUSTER_PORT');
  const postgresPort = portFrom(env.LEADWIRE_CLUSTER_POSTGRES_PORT, 'LEADWIRE_CLUSTER_POSTGRES_PORT');
  const cluster = await startCluster({ ...(frontendPort ? { frontendPort } : {}), ...(postgresPort ? { postgresPort } : {}), log: (line) => log(`cluster: ${line}`) });
  const startedByBench = cluster.reusedServices.length === 0;
  log(`cluster at ${cluster.address}: ${startedByBench ? `started for this run in ${cluster.seconds.toFixed(1)} s; stopped again at the end (data kept)` : 'already running, reused and left running'}`);
  return {
    address: cluster.address,
    startedByBench,
    upSeconds: cluster.seconds,
    async release() {
      if (!startedByBench || !clusterAddress()) return;
      await stopCluster({ log: (line) => log(`cluster: ${line}`) });
    },
  };
}

function portFrom(value: string | undefined, name: string): number | undefined {
  if (!value) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1024 || port > 65_000) throw new Error(`${name} must be a port between 1024 and 65000, not ${value}.`);
  return port;
}
