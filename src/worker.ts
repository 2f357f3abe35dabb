import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities } from './activities/create-activities.js';
import { createHttpSender, type HttpSenderOptions } from './http/send-http-request.js';
import { DEFAULT_TASK_QUEUE } from './shared/task-queue.js';
import { connectionConfig, type ConnectOverrides } from './temporal/connection-config.js';
import { installRuntime } from './temporal/install-runtime.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

export interface LeadwireWorkerOptions extends ConnectOverrides {
  taskQueue?: string;
  /** An existing connection (tests share one); otherwise one is opened from the environment. */
  connection?: NativeConnection;
  /** A workflow bundle built ahead of time; otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
  /** Environment that secrets are resolved from; default process.env. */
  env?: Record<string, string | undefined>;
  http?: HttpSenderOptions;
}

export interface LeadwireWorker {
  worker: Worker;
  /** Runs until shutdown (SIGINT/SIGTERM, or `worker.shutdown()`), then releases connections. */
  run(): Promise<void>;
}

/**
 * The composition root: reads configuration once and wires the HTTP sender, the activities
 * and the workflows into a Temporal worker.
 */
export async function createLeadwireWorker(options: LeadwireWorkerOptions = {}): Promise<LeadwireWorker> {
  installRuntime();
  const config = connectionConfig(options);
  const ownConnection = options.connection ? undefined : await NativeConnection.connect(config.connectionOptions);
  const connection = options.connection ?? ownConnection!;
  const http = createHttpSender(options.http);
  const worker = await Worker.create({
    connection,
    namespace: config.namespace,
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities({ http, ...(options.env ? { env: options.env } : {}) }),
  });
  return {
    worker,
    async run() {
      try {
        await worker.run();
      } finally {
        http.close();
        await ownConnection?.close();
      }
    },
  };
}
