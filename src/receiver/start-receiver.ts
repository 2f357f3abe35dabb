import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost } from '../core/network/loopback-host.js';
import { readBehaviour } from './receiver-behaviour.js';
import { applyModes, type ReceiverModeOptions } from './receiver-modes.js';
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
  const requests: RecordedRequest[] = [];
  const failures = await loadFailures(options.stateFile);
  const saveFailures = () => {
    if (options.stateFile) writeFileSync(options.stateFile, JSON.stringify(Object.fromEntries(failures)));
  };
  let counter = 0;

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://receiver');

    if (url.pathname === '/_requests') {
      // What it got may hold a developer's real headers: a web page that rebinds its own name
      // to 127.0.0.1 reaches this port, but still says `Host: <its name>`.
      if (!isLoopbackHost(req.headers.host)) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end('GET /_requests answers only requests addressed to localhost, 127.0.0.1 or [::1].\n');
        return;
      }
      if (req.method === 'DELETE') requests.length = 0;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(requests));
      return;
    }

    const behaviour = readBehaviour(url);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const key = `${url.pathname}|${headers['idempotency-key'] ?? body}`;
    let status = behaviour.status;
    if (behaviour.failTimes > 0) {
      const failed = failures.get(key) ?? 0;
      if (failed < behaviour.failTimes) {
        failures.set(key, failed + 1);
        saveFailures();
        status = behaviour.failStatus;
      }
    }
    const mode = await applyModes(url, body, headers, options, behaviour.failStatus);
    if (mode.status !== undefined) status = mode.status;
    const record: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers, body, receivedAt: new Date().toISOString(), status };
    requests.push(record);
    options.log?.(`${record.receivedAt} ${record.method} ${record.url} -> ${status} (${body.length} bytes${mode.note ? `, ${mode.note}` : ''})`);

    if (behaviour.sleepMs > 0) await new Promise((r) => setTimeout(r, behaviour.sleepMs));
    if (res.destroyed) return;
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
      ? { method: record.method, url: record.url, headers, body }
      : status < 300
        ? { status: 'success', lead: { id: `rcv-${++counter}` }, message: 'Lead created successfully' }
        : { status: 'error', error: { code: `HTTP_${status}`, message: `Receiver answered ${status} as asked` } };
    res.writeHead(status, headersOut).end(JSON.stringify(payload));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    clear: () => {
      requests.length = 0;
      failures.clear();
      saveFailures();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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
