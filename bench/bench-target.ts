import { Client, Connection } from '@temporalio/client';
import { createLeadwireClient, type LeadwireClient } from '../src/client/index.js';
import type { WorkerTuning } from '../src/temporal/worker-tuning.js';
import { startWorkerProcess, type WorkerProcess } from './bench-processes.js';

/** Which Temporal a result was measured on: the embedded dev server, or the PostgreSQL-backed cluster. */
export type ServerKind = 'dev' | 'cluster';

/** One Temporal server the bench runs scenarios against, with its client and its worker processes. */
export interface BenchTarget {
  server: ServerKind;
  address: string;
  temporal: Client;
  leadwire: LeadwireClient;
  taskQueue: string;
  trivialTaskQueue: string;
  /** leadwire's worker process on `taskQueue`. */
  worker: WorkerProcess;
  /** The trivial baseline's worker, when a scenario on this target needs it. */
  trivialWorker?: WorkerProcess;
  /** Starts one more leadwire worker process on this server (the scale-out scenario's). */
  startWorker(taskQueue: string): Promise<WorkerProcess>;
  close(): Promise<void>;
}

export interface OpenTargetOptions {
  server: ServerKind;
  address: string;
  taskQueue: string;
  bundlePath: string;
  tuning: WorkerTuning | 'sdk';
  /** The worker processes' environment. */
  env: NodeJS.ProcessEnv;
  /** Whether to start the trivial baseline's worker too. */
  trivial: boolean;
}

/**
 * Connects to a server and starts the workers a run needs on it, each in a process of its own,
 * with the same bundle and the same settings on every server, so that results compare.
 */
export async function openTarget(options: OpenTargetOptions): Promise<BenchTarget> {
  const { server, address, taskQueue, bundlePath, tuning, env } = options;
  const trivialTaskQueue = `${taskQueue}-trivial`;
  const startWorker = (queue: string, kind: 'leadwire' | 'trivial' = 'leadwire') => startWorkerProcess({ address, kind, taskQueue: queue, bundlePath, tuning }, env);
  const [worker, trivialWorker] = await Promise.all([startWorker(taskQueue), options.trivial ? startWorker(trivialTaskQueue, 'trivial') : undefined]);
  const connection = await Connection.connect({ address });
  const temporal = new Client({ connection });
  const leadwire = await createLeadwireClient({ client: temporal, taskQueue });
  return {
    server,
    address,
    temporal,
    leadwire,
    taskQueue,
    trivialTaskQueue,
    worker,
    ...(trivialWorker ? { trivialWorker } : {}),
    startWorker: (queue) => startWorker(queue),
    async close() {
      await Promise.all([worker.stop(), trivialWorker?.stop()]);
      await connection.close();
    },
  };
}
