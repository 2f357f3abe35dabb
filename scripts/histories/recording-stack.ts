import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, bundleWorkflowCode } from '@temporalio/worker';
import { createLeadwireClient, type LeadwireClient } from '../../src/client/index.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { startDevServer } from '../../src/temporal/dev-server.js';
import { installRuntime } from '../../src/temporal/install-runtime.js';
import { WORKFLOWS_PATH, createLeadwireWorker, type LeadwireWorker } from '../../src/worker.js';
import { FAKE_SECRETS, secretEnv } from './fake-secrets.js';
import { startWorkerProcess, type WorkerProcess } from './worker-process.js';

/** The receivers listen on 127.0.0.1: loopback is opened through the SSRF guard, nothing else. */
export const LOOPBACK = ['127.0.0.0/8', '::1'];

export interface RunningWorker {
  taskQueue: string;
  stop(): Promise<void>;
}

/** A fresh dev server, the workflow code bundled once, a worker with the real activities, a receiver and clients. */
export interface RecordingStack {
  address: string;
  temporal: Client;
  /** A leadwire client on the main task queue. */
  client: LeadwireClient;
  taskQueue: string;
  receiver: Receiver;
  /** A client for another task queue (the lost-worker scenarios use their own). */
  clientFor(taskQueue: string): Promise<LeadwireClient>;
  /** One more in-process worker, on its own task queue. */
  startWorker(taskQueue: string): Promise<RunningWorker>;
  /** A `leadwire worker` process on its own task queue; killed at close if still running. */
  startWorkerProcess(taskQueue: string): WorkerProcess;
  /** Stops everything; a second call waits for the first. */
  close(): Promise<void>;
}

const noop = () => {};
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => console.error(m) };

export async function startRecordingStack(log: (line: string) => void): Promise<RecordingStack> {
  installRuntime();
  const [server, bundle, receiver] = await Promise.all([
    startDevServer({ port: 0, headless: true, log }),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger }),
    startReceiver(),
  ]);
  const native = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  const temporal = new Client({ connection });
  const workers: RunningWorker[] = [];

  const startWorker = workerStarter(native, bundle.code, workers);

  const processes: WorkerProcess[] = [];
  const startProcess = (queue: string): WorkerProcess => {
    const handle = startWorkerProcess(server.address, queue, LOOPBACK);
    processes.push(handle);
    return handle;
  };

  let closing: Promise<void> | undefined;
  const closeAll = async () => {
    await Promise.all(processes.map((p) => p.kill()));
    // The receiver first: requests it still holds (an auction left open) fail at once, so no activity keeps a worker from stopping.
    await receiver.close();
    await Promise.all(workers.map((w) => w.stop().catch(noop)));
    await connection.close();
    await native.close();
    await server.stop();
  };

  const taskQueue = `record-${randomUUID()}`;
  await startWorker(taskQueue);
  const clientFor = (queue: string) => createLeadwireClient({ client: temporal, taskQueue: queue });
  const client = await clientFor(taskQueue);
  return {
    address: server.address,
    temporal,
    client,
    taskQueue,
    receiver,
    clientFor,
    startWorker,
    startWorkerProcess: startProcess,
    close() {
      closing ??= closeAll();
      return closing;
    },
  };
}

/** Starts in-process workers with the real activities on the shared connection and bundle, keeping each in `started`. */
function workerStarter(connection: NativeConnection, code: string, started: RunningWorker[]) {
  return async (taskQueue: string): Promise<RunningWorker> => {
    const worker: LeadwireWorker = await createLeadwireWorker({
      connection,
      taskQueue,
      workflowBundle: { code },
      // Obviously fake values: the histories must show that they never reach Temporal.
      env: secretEnv(FAKE_SECRETS),
      network: { allow: LOOPBACK },
      codecKeys: null,
      tracing: false,
    });
    const running = worker.run();
    const handle = {
      taskQueue,
      async stop() {
        worker.worker.shutdown();
        await running;
      },
    };
    started.push(handle);
    return handle;
  };
}
