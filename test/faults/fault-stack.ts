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
import { freePort } from '../../src/temporal/free-port.js';
import { installRuntime } from '../../src/temporal/install-runtime.js';
import { WORKFLOWS_PATH } from '../../src/worker.js';
import { superviseWorker, type WorkerSupervisor } from './worker-process.js';

/**
 * What every scenario runs on: a Temporal dev server whose database is a SQLite file (so it
 * can be stopped and started again with its runs kept, on the same port), one workflow bundle
 * for every worker process, and a client connection.
 */
export interface FaultStack {
  address: string;
  temporal: Client;
  /** A worker process and a leadwire client on a task queue of their own. */
  lane(name: string): Promise<Lane>;
  /** Stops the dev server and starts it again on the same port and database. */
  restartServer(downMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface Lane {
  taskQueue: string;
  client: LeadwireClient;
  worker: WorkerSupervisor;
}

export async function startFaultStack(): Promise<FaultStack> {
  installRuntime();
  const dir = await mkdtemp(join(tmpdir(), 'leadwire-faults-'));
  const dbFile = join(dir, 'temporal.sqlite');
  const port = await freePort();
  const [first, bundle] = await Promise.all([
    startDevServer({ port, headless: true, dbFile }),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet }),
  ]);
  let server: DevServer = first;
  const bundlePath = join(dir, 'workflow-bundle.js');
  await writeFile(bundlePath, bundle.code);
  const connection = await Connection.connect({ address: server.address });
  const temporal = new Client({ connection });
  const workers: WorkerSupervisor[] = [];

  return {
    address: server.address,
    temporal,
    async lane(name) {
      const taskQueue = `faults-${name}-${randomUUID().slice(0, 8)}`;
      const worker = superviseWorker({ address: server.address, taskQueue, bundle: bundlePath });
      workers.push(worker);
      await worker.start();
      return { taskQueue, worker, client: await createLeadwireClient({ client: temporal, taskQueue }) };
    },
    async restartServer(downMs) {
      await server.stop();
      // The outage itself: how long clients and workers find nothing at the address.
      await new Promise((r) => setTimeout(r, downMs));
      server = await startDevServer({ port, headless: true, dbFile });
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
const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => console.error(m) };
