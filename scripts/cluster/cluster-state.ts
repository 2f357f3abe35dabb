import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { CLUSTER_DIR, PASSWORD_FILE, STATE_FILE, type ClusterPorts, type ServiceName } from './cluster-layout.js';
import type { PostgresPaths } from './postgres-paths.js';

export interface ServiceProcess {
  pid: number;
  startedAt: string;
}

/**
 * What `npm run cluster` leaves in .leadwire/cluster/state.json, so `status`, `down` and
 * the fault suite can find the processes from another shell. The PostgreSQL password is
 * kept apart, in a 0600 file.
 */
export interface ClusterState {
  serverVersion: string;
  /** host:port of the frontend, what clients and workers connect to. */
  address: string;
  ports: ClusterPorts;
  postgresBinDir: string;
  /**
   * Where PostgreSQL's data and log are: in this folder, or as root in a folder of the
   * `postgres` user's own outside the checkout. Absent in a state written before they could move
   * (the data is then in the cluster folder).
   */
  postgres?: PostgresPaths;
  services: Partial<Record<ServiceName, ServiceProcess>>;
  createdAt: string;
}

export function readClusterState(): ClusterState | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as ClusterState;
}

export async function writeClusterState(state: ClusterState): Promise<void> {
  await mkdir(CLUSTER_DIR, { recursive: true });
  const partial = `${STATE_FILE}.${process.pid}`;
  await writeFile(partial, `${JSON.stringify(state, null, 2)}\n`);
  await rename(partial, STATE_FILE);
}

/** The cluster's PostgreSQL password: made once at random, then read back. */
export async function postgresPassword(): Promise<string> {
  if (existsSync(PASSWORD_FILE)) return readFileSync(PASSWORD_FILE, 'utf8').trim();
  await mkdir(CLUSTER_DIR, { recursive: true });
  const password = randomBytes(18).toString('base64url');
  await writeFile(PASSWORD_FILE, `${password}\n`, { mode: 0o600 });
  return password;
}
