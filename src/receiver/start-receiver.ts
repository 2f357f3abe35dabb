import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost } from '../core/network/loopback-host.js';
import { readBehaviour, type Behaviour } from './receiver-behaviour.js';
import { applyModes, type ModeDecision, type ReceiverModeOptions } from './receiver-modes.js';
import type { RecordedRequest } from './recorded-request.js';

export interface ReceiverOptions extends ReceiverModeOptions {
  port?: number;
  /** Loopback only by default. */
  host?: string;
  /** Called with one readable line per request. */
  log?: (line: string) => void;
  /**
   * Keep the `?fail=N` counts (per path and Idempotency-Key) in this JSON file, so a restart does
   * not start them over: a delivery retried after `leadwire dev --db` restarts sees the failures
   * it already had. Without it, they live in memory only.
   */
  stateFile?: string;
}

export interface Receiver {
  url: string;
  port: number;
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  clear(): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for webhook.site, requestbin and httpstat.us: records every request
 * and answers as the path and query string ask (see receiver-behaviour.ts).
 */
export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const state: ReceiverState = { options, requests: [], failures: await loadFailures(options.stateFile), created: 0 };
  const server = http.createServer((req, res) => handleRequest(state, req, res));
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: state.requests,
    clear: () => {
      state.requests.length = 0;
      state.failures.clear();
      saveFailures(state);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What one receiver keeps between requests. */
interface ReceiverState {
  options: ReceiverOptions;
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  /** `?fail=N` failures answered so far, per path and Idempotency-Key (or body). */
  failures: Map<string, number>;
  /** How many leads it answered as created: the last `rcv-N` id given. */
  created: number;
}

/** Records one request and answers it as its path and query string ask; `/_requests` lists what was recorded. */
async function handleRequest(state: ReceiverState, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://receiver');
  if (url.pathname === '/_requests') {
    listRequests(state, req, res);
    return;
  }

  const behaviour = readBehaviour(url);
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
  let status = statusAfterFailures(state, `${url.pathname}|${headers['idempotency-key'] ?? body}`, behaviour);
  const mode = await applyModes(url, body, headers, state.options, behaviour.failStatus);
  if (mode.status !== undefined) status = mode.status;
  const record: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers, body, receivedAt: new Date().toISOString(), status };
  state.requests.push(record);
  state.options.log?.(`${record.receivedAt} ${record.method} ${record.url} -> ${status} (${body.length} bytes${mode.note ? `, ${mode.note}` : ''})`);

  if (behaviour.sleepMs > 0) await new Promise((r) => setTimeout(r, behaviour.sleepMs));
  if (res.destroyed) return;
  await answer(state, res, record, behaviour, mode);
}

/** `GET /_requests` lists what was received (`DELETE` empties the list first), to localhost only. */
function listRequests(state: ReceiverState, req: http.IncomingMessage, res: http.ServerResponse): void {
  // What it got may hold a developer's real headers: a web page that rebinds its own name
  // to 127.0.0.1 reaches this port, but still says `Host: <its name>`.
  if (!isLoopbackHost(req.headers.host)) {
    res.writeHead(403, { 'content-type': 'text/plain' }).end('GET /_requests answers only requests addressed to localhost, 127.0.0.1 or [::1].\n');
    return;
  }
  if (req.method === 'DELETE') state.requests.length = 0;
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state.requests));
}

/** The failure status while `?fail=N` has failures left for this key (counting this one), else the status asked for. */
function statusAfterFailures(state: ReceiverState, key: string, behaviour: Behaviour): number {
  if (behaviour.failTimes > 0) {
    const failed = state.failures.get(key) ?? 0;
    if (failed < behaviour.failTimes) {
      state.failures.set(key, failed + 1);
      saveFailures(state);
      return behaviour.failStatus;
    }
  }
  return behaviour.status;
}

/** Sends the answer: padding of the size asked, a body asked for, the request echoed, or a CRM's JSON success or error. */
async function answer(state: ReceiverState, res: http.ServerResponse, record: RecordedRequest, behaviour: Behaviour, mode: ModeDecision): Promise<void> {
  const { status } = record;
  const failing = status !== behaviour.status;
  const headersOut: Record<string, string> = { 'content-type': 'application/json' };
  if (behaviour.retryAfter !== undefined && status >= 300) headersOut['retry-after'] = behaviour.retryAfter;
  if (behaviour.redirectTo !== undefined) headersOut.location = behaviour.redirectTo;
  if (behaviour.sizeBytes !== undefined) {
    await sendPadding(res, status, headersOut, behaviour.sizeBytes);
    return;
  }
  const custom = mode.body ?? (failing ? behaviour.failBody : behaviour.body);
  const customType = mode.contentType ?? (failing ? behaviour.failContentType : behaviour.contentType);
  if (customType !== undefined) headersOut['content-type'] = customType;
  if (custom !== undefined) {
    res.writeHead(status, headersOut).end(custom);
    return;
  }
  const payload = behaviour.echo
    ? { method: record.method, url: record.url, headers: record.headers, body: record.body }
    : status < 300
      ? { status: 'success', lead: { id: `rcv-${++state.created}` }, message: 'Lead created successfully' }
      : { status: 'error', error: { code: `HTTP_${status}`, message: `Receiver answered ${status} as asked` } };
  res.writeHead(status, headersOut).end(JSON.stringify(payload));
}

/** Writes the `?fail=N` counts to the state file, when there is one. */
function saveFailures(state: ReceiverState): void {
  if (state.options.stateFile) writeFileSync(state.options.stateFile, JSON.stringify(Object.fromEntries(state.failures)));
}

/** The `?fail=N` counts a previous run kept, or none (no file yet, or not one of ours). */
async function loadFailures(file: string | undefined): Promise<Map<string, number>> {
  if (!file) return new Map();
  try {
    const kept = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (kept && typeof kept === 'object' && !Array.isArray(kept)) {
      return new Map(Object.entries(kept).filter((e): e is [string, number] => typeof e[1] === 'number'));
    }
  } catch {
    // Missing or unreadable: start with no failures counted.
  }
  return new Map();
}

/** Streams `size` bytes of a JSON array of padding, for "response too large" tests. */
async function sendPadding(res: http.ServerResponse, status: number, headers: Record<string, string>, size: number): Promise<void> {
  res.writeHead(status, { ...headers, 'content-length': String(size) });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let left = size;
  while (left > 0 && !res.destroyed) {
    const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
    left -= part.length;
    if (!res.write(part)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  if (!res.destroyed) res.end();
}
