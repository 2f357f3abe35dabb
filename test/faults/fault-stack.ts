import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createLeadwireClient, type LeadwireClient } from '../../src/client/index.js';
import { DestinationSchema, type DestinationInput } from '../../src/config/destination-schema.js';
import type { DeliveryResult } from '../../src/core/delivery/delivery-result.js';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server.js';
import { installRuntime } from '../../src/temporal/install-runtime.js';
import { WORKFLOWS_PATH } from '../../src/worker.js';
import type { ServiceName } from '../../scripts/cluster/cluster.js';
import { superviseWorker, type WorkerSupervisor } from './worker-process.js';

/** Where the suite runs: `temporal server start-dev` on SQLite, or the PostgreSQL-backed cluster (`--cluster`). */
export type StackKind = 'dev-server' | 'cluster';

/**
 * What every scenario runs on: a Temporal server, one workflow bundle for every worker
 * process, and a client connection. The dev server's database is a SQLite file (so it can be
 * stopped and started again with its runs kept, on the same port); the cluster's faults are
 * in `cluster` (see cluster-fault-stack.ts).
 */
export interface FaultStack {
  kind: StackKind;
  address: string;
  temporal: Client;
  /** `workers` worker processes (default 1) and a leadwire client on a task queue of their own. */
  lane(name: string, workers?: number): Promise<Lane>;
  /** Dev server only: stops it and starts it again on the same port and database. */
  restartServer?(downMs: number): Promise<void>;
  /** Cluster only: its processes, to break and mend. */
  cluster?: ClusterFaults;
  /** After each scenario: brings back whatever the scenario left stopped; returns what it had to restart. */
  recover(): Promise<string[]>;
  close(): Promise<void>;
}

/** The faults a real deployment can have, on the cluster's own processes. */
export interface ClusterFaults {
  /** SIGKILLs one Temporal service (a crash); resolves once it is gone. */
  killService(name: ServiceName): Promise<void>;
  /** Starts one Temporal service again and resolves once it serves. */
  startService(name: ServiceName): Promise<void>;
  /** `immediate`: PostgreSQL aborts like a crash (WAL replay on start); `fast`: a clean shutdown. */
  stopPostgres(mode: 'fast' | 'immediate'): Promise<void>;
  startPostgres(): Promise<void>;
  /** Starts whatever of PostgreSQL and the four services is not running, waits until all serve; returns their names. */
  heal(): Promise<string[]>;
}

export interface Lane {
  taskQueue: string;
  client: LeadwireClient;
  /** The first of `workers`. */
  worker: WorkerSupervisor;
  workers: WorkerSupervisor[];
}

/** Bundles the workflows once into `dir`, for every worker process of the run. */
export async function bundleWorkflows(dir: string): Promise<string> {
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
  const bundlePath = join(dir, 'workflow-bundle.js');
  await writeFile(bundlePath, bundle.code);
  return bundlePath;
}

/** Lanes on one server: each a unique task queue, its worker processes (tracked in `workers` for close) and a client. */
export function laneMaker(address: () => string, bundlePath: string, temporal: Client, all: WorkerSupervisor[]): FaultStack['lane'] {
  return async (name, count = 1) => {
    const taskQueue = `faults-${name}-${randomUUID().slice(0, 8)}`;
    const workers = Array.from({ length: count }, () => superviseWorker({ address: address(), taskQueue, bundle: bundlePath }));
    all.push(...workers);
    // One after another: two workers bundling-free still load a sandbox each, and 2 cores share it.
    for (const w of workers) await w.start();
    return { taskQueue, worker: workers[0]!, workers, client: await createLeadwireClient({ client: temporal, taskQueue }) };
  };
}

export async function startFaultStack(): Promise<FaultStack> {
  installRuntime();
  const dir = await mkdtemp(join(tmpdir(), 'leadwire-faults-'));
  const dbFile = join(dir, 'temporal.sqlite');
  const [first, bundlePath] = await Promise.all([startDevServer({ port: 0, headless: true, dbFile }), bundleWorkflows(dir)]);
  let server: DevServer = first;
  // Restarts keep this port (workers and clients know only it). freePort() picks it below the
  // kernel's ephemeral range, so no connection made during the outage can take it.
  const port = Number(first.address.split(':').at(-1));
  const connection = await Connection.connect({ address: server.address });
  const temporal = new Client({ connection });
  const workers: WorkerSupervisor[] = [];

  return {
    kind: 'dev-server',
    address: server.address,
    temporal,
    lane: laneMaker(() => server.address, bundlePath, temporal, workers),
    async restartServer(downMs) {
      await server.stop();
      // The outage itself: how long clients and workers find nothing at the address.
      await new Promise((r) => setTimeout(r, downMs));
      server = await startDevServer({ port, headless: true, dbFile });
    },
    async recover() {
      return [];
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await connection.close().catch(() => undefined);
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// Test receivers speak plain HTTP on 127.0.0.1: opt in where the schema asks for it (the HTTPS rule).
const localHttp = DestinationSchema.safeParse({ name: 'x', url: 'https://a.example', allow_insecure_http: true }).success ? { allow_insecure_http: true } : {};

/** A destination on the counting receiver: each body carries its lead's delivery id. */
export function faultDestination(name: string, url: string, extra: Partial<DestinationInput> = {}): DestinationInput {
  return {
    name: `${name} ${randomUUID().slice(0, 8)}`,
    url,
    timeout: 1000,
    body: { format: 'json', mapping: { delivery_id: { $meta: 'delivery_id' }, id: 'id', email: 'email' } },
    // Enough attempts to outlast every outage the suite injects; the backoff keeps it short.
    retry: { max_attempts: 40, backoff: { initial: 200, coefficient: 2, maximum: 2000 } },
    ...localHttp,
    ...extra,
  } as DestinationInput;
}

export const leadsFor = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, email: `lead${i}@example.com` }));

/**
 * Waits for every delivery's final result, through server restarts: a failed call (the server
 * is away) is tried again until the deadline. Leads without a result by then are left out.
 */
export async function awaitResults(client: LeadwireClient, ids: string[], deadlineMs: number, concurrency = 40): Promise<Map<string, DeliveryResult>> {
  const results = new Map<string, DeliveryResult>();
  const deadline = Date.now() + deadlineMs;
  const queue = [...ids];
  const lane = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      while (Date.now() < deadline) {
        try {
          results.set(id, await withTimeout(client.result(id), deadline - Date.now()));
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return results;
}

/** Polls `check` (every 100 ms, at most `ms`) until it holds; false when it never did. */
export async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Calls `fn` until it succeeds or `ms` pass (a client call while the server restarts). */
export async function persist<T>(fn: () => Promise<T>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), Math.max(1, ms))))]).finally(() => clearTimeout(timer));
}

const noop = () => {};
export const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => console.error(m) };
