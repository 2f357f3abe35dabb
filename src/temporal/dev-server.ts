import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../shared/search-attributes.js';
import { freePort } from './free-port.js';
import { SERVER_DYNAMIC_CONFIG } from './server-dynamic-config.js';
import { ensureTemporalCli } from './install-temporal-cli.js';

export interface DevServerOptions {
  /** gRPC port; 0 picks a free one. Default 7233. */
  port?: number;
  /** Web UI port; default port + 1000. Ignored when headless. */
  uiPort?: number;
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
  uiUrl?: string;
  /** The server process (the bench reads its CPU time). */
  pid?: number;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` with leadwire's search attributes registered, and
 * resolves once the server answers. Used by `npm start`, `leadwire dev`, the tests and CI.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const log = options.log ?? (() => {});
  const cli = await ensureTemporalCli(log);
  if (!cli) {
    throw new Error(
      'No Temporal CLI found and pip could not install one. Install the CLI (https://docs.temporal.io/cli), ' +
        'or set TEMPORAL_CLI to its path, or point TEMPORAL_ADDRESS at a running server.',
    );
  }
  const port = options.port === 0 ? await freePort() : (options.port ?? 7233);
  const uiPort = options.uiPort ?? port + 1000;
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'];
  args.push('--http-port', String(await freePort()), '--metrics-port', String(await freePort()));
  if (options.headless) args.push('--headless');
  else args.push('--ui-port', String(uiPort), '--ui-disable-news-fetch');
  if (options.dbFile) {
    await mkdir(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  if (options.codecEndpoint) args.push('--ui-codec-endpoint', options.codecEndpoint);
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  // The same dynamic config as the project's cluster (deploy/temporal/dynamicconfig.yaml), values as JSON.
  for (const [name, value] of Object.entries(SERVER_DYNAMIC_CONFIG)) args.push('--dynamic-config-value', `${name}=${JSON.stringify(value)}`);
  for (const [name, value] of Object.entries(options.dynamicConfig ?? {})) args.push('--dynamic-config-value', `${name}=${value}`);

  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilReady(address, child, () => output);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    address,
    namespace: 'default',
    ...(options.headless ? {} : { uiUrl: `http://127.0.0.1:${uiPort}` }),
    ...(child.pid ? { pid: child.pid } : {}),
    stop: () => stopChild(child).finally(() => process.removeListener('exit', killOnExit)),
  };
}

async function waitUntilReady(address: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`The Temporal dev server exited at start:\n${output()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`The Temporal dev server did not answer on ${address} within 60 s:\n${output()}`);
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
