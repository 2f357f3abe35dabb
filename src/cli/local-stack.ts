import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { readCodecKeys } from '../codec/codec-keys.js';
import { createCodecServer } from '../codec/codec-server.js';
import { EncryptionCodec } from '../codec/encryption-codec.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { installRuntime } from '../temporal/install-runtime.js';
import { startDevServer, type DevServer } from '../temporal/dev-server.js';
import { isPortFree } from '../temporal/is-port-free.js';
import { startWebUiHostGuard, type WebUiHostGuard } from '../temporal/web-ui-host-guard.js';
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
  /** Where the receiver keeps its `?fail=N` counts across restarts (see ReceiverOptions.stateFile). */
  receiverStateFile?: string;
  taskQueue: string;
  /** Serve the worker's Prometheus metrics on this port (0: a free one). */
  metricsPort?: number;
  /**
   * Encrypt payloads with `LEADWIRE_CODEC_KEYS` and run a codec server on 127.0.0.1 that
   * the Web UI calls to show them decrypted (`leadwire dev --codec`).
   */
  codec?: boolean;
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
  const { server, codecServer } = await startServers(options);
  let receiver: Receiver | undefined;
  try {
    receiver = await startLocalReceiver(options);
    const worker = await createLocalWorker(options, server.address);
    const running = worker.run();
    let stopped = false;
    const stop = async () => {
      if (!stopped) {
        stopped = true;
        if (worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
        await running.catch(() => {});
        await receiver?.close();
        await codecServer?.close();
        await server.stop();
      }
    };
    return { server, worker, ...(receiver ? { receiver } : {}), running, stop };
  } catch (err) {
    await receiver?.close();
    await codecServer?.close();
    await server.stop();
    throw err;
  }
}

/** The dev server (on a free port when `options.port` is taken), its Web UI's proxy, and with `codec` the codec server. */
async function startServers(options: LocalStackOptions): Promise<{ server: DevServer; codecServer: FastifyInstance | undefined }> {
  let port = options.port;
  if (!(await isPortFree(port))) {
    options.log(`port ${port} is taken; picking a free one`);
    port = 0;
  }
  // The Web UI's Host-checking proxy listens first: the codec server's CORS names its origin.
  const webUi = options.headless ? undefined : await startWebUi(options.uiPort ?? (port === 0 ? 0 : port + 1000), options.log);
  let codec: { server: FastifyInstance; endpoint: string } | undefined;
  try {
    if (options.codec) codec = await startLocalCodecServer(webUi?.origins ?? [], options.log);
    const server = await startDevServer({
      port,
      ...(webUi ? { webUi } : { headless: true }),
      ...(options.dbFile ? { dbFile: options.dbFile } : {}),
      ...(codec ? { codecEndpoint: codec.endpoint } : {}),
      log: options.log,
    });
    return { server, codecServer: codec?.server };
  } catch (err) {
    await codec?.server.close();
    await webUi?.close();
    throw err;
  }
}

/** The test receiver on `options.receiverPort` (on a free port when that is taken), or none when not asked for. */
async function startLocalReceiver(options: LocalStackOptions): Promise<Receiver | undefined> {
  if (!options.receiverPort) return undefined;
  let port = options.receiverPort;
  if (!(await isPortFree(port))) {
    options.log(`receiver port ${port} is taken; picking a free one (example destinations name ${port}: point them at the address below)`);
    port = 0;
  }
  return startReceiver({ port, log: (l) => options.log(`receiver: ${l}`), ...(options.receiverStateFile ? { stateFile: options.receiverStateFile } : {}) });
}

/** A worker on the dev server at `address`, with loopback opened for the test receiver, and said so. */
async function createLocalWorker(options: LocalStackOptions, address: string): Promise<LeadwireWorker> {
  // Local development delivers to the test receiver on 127.0.0.1: loopback is opened, and said so.
  const allow = mergeAllowLists(LOOPBACK_ALLOW_LIST, allowListFromEnv());
  options.log(`${describeAllowList(allow)} (local development opens loopback)`);
  return createLeadwireWorker({
    address,
    network: { allow: [...allow.cidrs, ...allow.hosts] },
    taskQueue: options.taskQueue,
    ...(options.metricsPort !== undefined ? { metricsPort: options.metricsPort } : {}),
  });
}

/** The Web UI's proxy on `port`, or on a free one when that is taken. */
async function startWebUi(port: number, log: (line: string) => void): Promise<WebUiHostGuard> {
  try {
    return await startWebUiHostGuard(port);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    log(`Web UI port ${port} is taken; picking a free one`);
    return startWebUiHostGuard(0);
  }
}

/** `leadwire dev --codec`: a codec server on 127.0.0.1 that the Web UI (and only its origins) may call. */
async function startLocalCodecServer(uiOrigins: string[], log: (line: string) => void): Promise<{ server: FastifyInstance; endpoint: string }> {
  const keys = readCodecKeys();
  if (!keys) throw new LeadwireError('CODEC_KEYS_MISSING', '--codec needs LEADWIRE_CODEC_KEYS, e.g. export LEADWIRE_CODEC_KEYS="k1:$(openssl rand -base64 32)".');
  const server = createCodecServer({ codec: new EncryptionCodec(keys), allowOrigins: uiOrigins });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const endpoint = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  log(`payloads encrypted with key "${keys.currentKeyId}"; Web UI decodes them through the codec server ${endpoint} (127.0.0.1 only, no token)`);
  return { server, endpoint };
}
