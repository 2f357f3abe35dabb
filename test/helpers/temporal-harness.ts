import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { inject } from 'vitest';
import { createLeadwireClient, type LeadwireClient } from '../../src/client/index.js';
import { createLeadwireWorker, type LeadwireWorker, type LeadwireWorkerOptions } from '../../src/worker.js';
import { installRuntime } from '../../src/temporal/install-runtime.js';

/** What the harness opens through the SSRF guard by default: loopback only. */
export const LOOPBACK = ['127.0.0.0/8', '::1'];

export interface Harness {
  client: LeadwireClient;
  temporal: Client;
  taskQueue: string;
  worker: LeadwireWorker;
  /** Stops the worker and closes connections. */
  close(): Promise<void>;
}

/**
 * A worker on a task queue of its own, against the run's shared dev server, plus a client
 * for that queue. Each test file (or test) gets its own, so they never pick up each other's work.
 */
export interface HarnessOptions {
  env?: Record<string, string | undefined>;
  allowNetworks?: string[];
  /** Another Temporal server than the run's shared one (a test that needs its Web UI, say). */
  address?: string;
  /** More worker options: metrics, a logger, a metrics port, the sandbox's settings (the first worker of a test file makes its sandbox). */
  worker?: Pick<LeadwireWorkerOptions, 'metrics' | 'logger' | 'metricsPort' | 'sandbox'>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const address = options.address ?? inject('temporalAddress');
  const taskQueue = `test-${randomUUID()}`;
  installRuntime();
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await createLeadwireWorker({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    ...(options.env ? { env: options.env } : {}),
    // The tests' receivers listen on 127.0.0.1: loopback is opened explicitly, nothing else.
    network: { allow: options.allowNetworks ?? LOOPBACK },
    ...options.worker,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  const temporal = new Client({ connection });
  const client = await createLeadwireClient({ client: temporal, taskQueue });
  return {
    client,
    temporal,
    taskQueue,
    worker,
    async close() {
      worker.worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
    },
  };
}
