import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isLoopbackHost } from '../core/network/loopback-host.js';

/**
 * A loopback proxy in front of the dev server's Web UI that answers only requests addressed to
 * this machine by name (`Host` localhost, 127.0.0.0/8 or [::1], any port).
 *
 * The Web UI that `temporal server start-dev` embeds checks no `Host` (tried with curl on CLI
 * 1.9.1 / UI 2.54.1: `Host: evil.example` lists and reads workflows, and starts one once the page
 * echoes its own CSRF cookie). A web page whose name is re-pointed at 127.0.0.1 (DNS
 * rebinding) would be same-origin with it. Its requests still carry the page's own name, which
 * this proxy refuses with 403 before anything reaches the UI.
 */
export interface WebUiHostGuard {
  /** The address the Web UI is opened at: http://127.0.0.1:<port>. */
  url: string;
  port: number;
  /** The browser origins the UI is served under (a codec server's CORS list). */
  origins: string[];
  /** Where requests go: the dev server's own UI port (which it chooses per start). */
  forwardTo(port: number): void;
  close(): Promise<void>;
}

const FOREIGN_HOST_MESSAGE =
  "leadwire's Web UI proxy answers only requests addressed to localhost, 127.0.0.1 or [::1] (the Host header), against DNS rebinding from a web page. Open the address `leadwire dev` printed.";

/** Listens on 127.0.0.1:`port` (0: any free port); rejects when the port is taken. */
export async function startWebUiHostGuard(port: number): Promise<WebUiHostGuard> {
  let target: number | undefined;
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    if (!isLoopbackHost(req.headers.host)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end(`${FOREIGN_HOST_MESSAGE}\n`);
      req.resume();
      return;
    }
    if (target === undefined) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The Temporal dev server is still starting; reload in a moment.\n');
      req.resume();
      return;
    }
    forward(req, res, target);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    origins: [`http://127.0.0.1:${bound}`, `http://localhost:${bound}`],
    forwardTo: (p) => (target = p),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

/** Passes one request to the UI on 127.0.0.1:`port` unchanged (its Host included) and streams the answer back. */
function forward(req: http.IncomingMessage, res: http.ServerResponse, port: number): void {
  const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end('The Temporal dev server\'s Web UI did not answer.\n');
    else res.destroy();
  });
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}
