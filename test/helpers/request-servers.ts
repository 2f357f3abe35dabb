import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

export interface RawRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The body bytes exactly as received (not decoded). */
  body: Buffer;
}

export interface RawServer {
  url: string;
  requests: RawRequest[];
  close(): Promise<void>;
}

/** A 127.0.0.1 server that keeps raw body bytes and answers with `handle`. */
export async function startRawServer(handle: (req: RawRequest) => { status: number; body: unknown } = () => ({ status: 200, body: { status: 'success' } })): Promise<RawServer> {
  const requests: RawRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw: RawRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
    requests.push(raw);
    const answer = handle(raw);
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A 127.0.0.1 URL where nothing listens, for the whole test: connecting to it is refused.
 * A port below 1024: a listen on port 0 never gets one, nor does an outgoing connection, so no
 * test running beside this one can take it (a port freed after a listen on 0 can be, within
 * milliseconds, by any of the suite's connections). Checked to refuse, in case something
 * on the machine serves it.
 */
export async function deadUrl(): Promise<string> {
  for (const port of [1, 9, 19, 47, 97, 223, 401, 503]) {
    if (await refuses(port)) return `http://127.0.0.1:${port}`;
  }
  throw new Error('Every candidate port below 1024 on 127.0.0.1 accepts connections; deadUrl() needs one that refuses.');
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}
