import { installRuntime } from '../temporal/install-runtime.js';
import { startDevServer, type DevServer } from '../temporal/dev-server.js';
import { isPortFree } from '../temporal/is-port-free.js';
import { startReceiver, type Receiver } from '../receiver/start-receiver.js';
import { createLeadwireWorker, type LeadwireWorker } from '../worker.js';
import { describeAllowList, LOOPBACK_ALLOW_LIST, mergeAllowLists, allowListFromEnv } from '../core/network/network-allow-list.js';

export interface LocalStackOptions {
  port: number;
  uiPort?: number;
  headless?: boolean;
  dbFile?: string;
  /** Start the test receiver on this port (0: don't). */
  receiverPort?: number;
  taskQueue: string;
  /** Serve the worker's Prometheus metrics on this port (0: a free one). */
  metricsPort?: number;
  /** Codec server the Web UI calls to decode payloads (`leadwire dev --codec`). */
  codecEndpoint?: string;
  log: (line: string) => void;
}

export interface LocalStack {
  server: DevServer;
  worker: LeadwireWorker;
  receiver?: Receiver;
  /** Resolves when the worker has stopped (Ctrl-C or stop()). */
  running: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The embedded stack of `leadwire dev` and `npm start`: a Temporal dev server (Web UI
 * included), a worker, and optionally the test receiver, all stopped together.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  installRuntime();
  let port = options.port;
  if (!(await isPortFree(port))) {
    options.log(`port ${port} is taken; picking a free one`);
    port = 0;
  }
  let uiPort = options.uiPort ?? (port === 0 ? undefined : port + 1000);
  if (uiPort !== undefined && !(await isPortFree(uiPort))) uiPort = undefined;
  const server = await startDevServer({
    port,
    ...(uiPort !== undefined ? { uiPort } : {}),
    ...(options.headless ? { headless: true } : {}),
    ...(options.dbFile ? { dbFile: options.dbFile } : {}),
    ...(options.codecEndpoint ? { codecEndpoint: options.codecEndpoint } : {}),
    log: options.log,
  });
  let receiver: Receiver | undefined;
  try {
    if (options.receiverPort) {
      receiver = await startReceiver({ port: options.receiverPort, log: (l) => options.log(`receiver: ${l}`) });
    }
    // Local development delivers to the test receiver on 127.0.0.1: loopback is opened, and said so.
    const allow = mergeAllowLists(LOOPBACK_ALLOW_LIST, allowListFromEnv());
    options.log(`${describeAllowList(allow)} (local development opens loopback)`);
    const worker = await createLeadwireWorker({
      address: server.address,
      network: { allow: [...allow.cidrs, ...allow.hosts] },
      taskQueue: options.taskQueue,
      ...(options.metricsPort !== undefined ? { metricsPort: options.metricsPort } : {}),
    });
    const running = worker.run();
    let stopped = false;
    const stop = async () => {
      if (!stopped) {
        stopped = true;
        if (worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
        await running.catch(() => {});
        await receiver?.close();
        await server.stop();
      }
    };
    return { server, worker, ...(receiver ? { receiver } : {}), running, stop };
  } catch (err) {
    await receiver?.close();
    await server.stop();
    throw err;
  }
}
