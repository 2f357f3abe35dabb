import { SEARCH_ATTRIBUTES } from '../shared/search-attributes.js';
import { SERVER_DYNAMIC_CONFIG } from './server-dynamic-config.js';

/** The ports one start of `temporal server start-dev` binds (the CLI picks its internal ones itself). */
export interface DevServerPorts {
  grpc: number;
  http: number;
  metrics: number;
  /** The UI's own port, behind the Host-checking proxy; absent when headless. */
  ui?: number;
}

interface DevServerArgsOptions {
  dbFile?: string;
  codecEndpoint?: string;
  dynamicConfig?: Record<string, string>;
}

/** The command line of `temporal server start-dev` for these ports, everything on 127.0.0.1. */
export function devServerArgs(ports: DevServerPorts, options: DevServerArgsOptions): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(ports.grpc), '--log-level', 'error'];
  args.push('--http-port', String(ports.http), '--metrics-port', String(ports.metrics));
  if (ports.ui === undefined) args.push('--headless');
  else args.push('--ui-port', String(ports.ui), '--ui-disable-news-fetch');
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (options.codecEndpoint) args.push('--ui-codec-endpoint', options.codecEndpoint);
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  // The same dynamic config as the project's cluster (deploy/temporal/dynamicconfig.yaml), values as JSON.
  for (const [name, value] of Object.entries(SERVER_DYNAMIC_CONFIG)) args.push('--dynamic-config-value', `${name}=${JSON.stringify(value)}`);
  // The frontend's HTTP API checks no Host either, unless told which to accept: only its own
  // address, so a web page rebound to 127.0.0.1 gets 403. One pattern: the server joins several
  // into one regular expression anchored only at its two ends (1.32.0).
  args.push('--dynamic-config-value', `frontend.httpAllowedHosts=${JSON.stringify([`127.0.0.1:${ports.http}`])}`);
  for (const [name, value] of Object.entries(options.dynamicConfig ?? {})) args.push('--dynamic-config-value', `${name}=${value}`);
  return args;
}

/**
 * The port a failed start could not bind, from the CLI's output: its own check before the start
 * ("can't set frontend port 7233: listen tcp 127.0.0.1:7233: bind: address already in use") or
 * the server's bind after it ("failed listening for HTTP API on 127.0.0.1:38657: ..."). `0`
 * when a bind failed on a port the output does not name; undefined when none failed.
 */
export function portInUse(output: string): number | undefined {
  if (!/address already in use/i.test(output)) return undefined;
  const named = /:(\d{1,5}): bind: address already in use/i.exec(output);
  return named ? Number(named[1]) : 0;
}
