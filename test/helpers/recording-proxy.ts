import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RecordingProxy {
  url: string;
  /** Every request it was asked for: `CONNECT host:port`, or `METHOD absolute-url`. */
  asked: string[];
  close(): Promise<void>;
}

/**
 * A forward proxy on 127.0.0.1 (CONNECT tunnels and absolute-form requests) that records what
 * it is asked for, and only ever connects to 127.0.0.1: anything else is answered 403, so a
 * test never reaches another address. What matters is what the worker asks it for.
 */
export async function startRecordingProxy(): Promise<RecordingProxy> {
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    asked.push(`${req.method} ${req.url}`);
    const target = new URL(req.url!);
    if (target.hostname !== '127.0.0.1') return void res.writeHead(403).end();
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode!, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  server.on('connect', (req, socket, head) => {
    asked.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(':');
    if (host !== '127.0.0.1') return void socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
