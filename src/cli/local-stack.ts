import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { readCodecKeys } from '../codec/codec-keys.js';
import { createCodecServer } from '../codec/codec-server.js';
import { EncryptionCodec } from '../codec/encryption-codec.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { freePort } from '../temporal/free-port.js';
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
  let port = options.port;
  if (!(await isPortFree(port))) {
    options.log(`port ${port} is taken; picking a free one`);
    port = 0;
  }
  let uiPort = options.uiPort ?? (port === 0 ? undefined : port + 1000);
  if (uiPort !== undefined && !(await isPortFree(uiPort))) uiPort = undefined;
  let codecServer: FastifyInstance | undefined;
  let codecEndpoint: string | undefined;
  if (options.codec) {
    const keys = readCodecKeys();
    if (!keys) throw new LeadwireError('CODEC_KEYS_MISSING', '--codec needs LEADWIRE_CODEC_KEYS, e.g. export LEADWIRE_CODEC_KEYS="k1:$(openssl rand -base64 32)".');
    // The codec server's CORS must name the Web UI's origin, so the UI port is fixed first.
    uiPort ??= await freePort();
    codecServer = createCodecServer({ codec: new EncryptionCodec(keys), allowOrigins: [`http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`] });
    await codecServer.listen({ port: 0, host: '127.0.0.1' });
    codecEndpoint = `http://127.0.0.1:${(codecServer.server.address() as AddressInfo).port}`;
    options.log(`payloads encrypted with key "${keys.currentKeyId}"; Web UI decodes them through the codec server ${codecEndpoint} (127.0.0.1 only, no token)`);
  }
  const server = await startDevServer({
    port,
    ...(uiPort !== undefined ? { uiPort } : {}),
    ...(options.headless ? { headless: true } : {}),
    ...(options.dbFile ? { dbFile: options.dbFile } : {}),
    ...(codecEndpoint ? { codecEndpoint } : {}),
    log: options.log,
  });
  let receiver: Receiver | undefined;
  try {
    if (options.receiverPort) {
      let port = options.receiverPort;
      if (!(await isPortFree(port))) {
        options.log(`receiver port ${port} is taken; picking a free one (example destinations name ${port}: point them at the address below)`);
        port = 0;
      }
      receiver = await startReceiver({ port, log: (l) => options.log(`receiver: ${l}`), ...(options.receiverStateFile ? { stateFile: options.receiverStateFile } : {}) });
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
