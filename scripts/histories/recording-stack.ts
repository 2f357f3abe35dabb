import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, bundleWorkflowCode } from '@temporalio/worker';
import { createLeadwireClient, type LeadwireClient } from '../../src/client/index.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { startDevServer } from '../../src/temporal/dev-server.js';
import { installRuntime } from '../../src/temporal/install-runtime.js';
import { WORKFLOWS_PATH, createLeadwireWorker, type LeadwireWorker } from '../../src/worker.js';
import { FAKE_SECRETS, secretEnv } from './fake-secrets.js';

/** The receivers listen on 127.0.0.1: loopback is opened through the SSRF guard, nothing else. */
export const LOOPBACK = ['127.0.0.0/8', '::1'];

const BIN = fileURLToPath(new URL('../../bin/leadwire.js', import.meta.url));

/** A leadwire worker in a process of its own, to be SIGKILLed mid-request like a crashed machine. */
export interface WorkerProcess {
  kill(): Promise<void>;
}

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

  const startWorker = async (taskQueue: string): Promise<RunningWorker> => {
    const worker: LeadwireWorker = await createLeadwireWorker({
      connection: native,
      taskQueue,
      workflowBundle: { code: bundle.code },
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
    workers.push(handle);
    return handle;
  };

  const processes: WorkerProcess[] = [];
  const startWorkerProcess = (queue: string): WorkerProcess => {
    const child = spawn(process.execPath, [BIN, 'worker', '--address', server.address, '--task-queue', queue], {
      env: { ...withoutLeadwireSettings(process.env), LEADWIRE_ALLOW_NETWORKS: LOOPBACK.join(','), LEADWIRE_LOG_LEVEL: 'ERROR' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    const handle: WorkerProcess = {
      kill: () =>
        new Promise<void>((resolve) => {
          process.removeListener('exit', killOnExit);
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    };
    processes.push(handle);
    return handle;
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
    startWorkerProcess,
    async close() {
      await Promise.all(processes.map((p) => p.kill()));
      // The receiver first: requests it still holds (an auction left open) fail at once, so no activity keeps a worker from stopping.
      await receiver.close();
      await Promise.all(workers.map((w) => w.stop().catch(noop)));
      await connection.close();
      await native.close();
      await server.stop();
    },
  };
}

/** The environment minus every LEADWIRE_* and OTEL_* setting: no real secret, codec key or exporter reaches the recording. */
function withoutLeadwireSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('LEADWIRE_') && !k.startsWith('OTEL_')));
}
