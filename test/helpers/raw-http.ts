import net from 'node:net';

export interface RawResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one HTTP/1.1 request exactly as written — request target, Host and all — over a
 * plain socket to 127.0.0.1:`port`, so no client normalises the path or fills in headers.
 * The request asks for `Connection: close`; the answer is read to the end.
 */
export function sendRaw(port: number, options: { method: string; target: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  const body = options.body ?? '';
  const headers = { host: `127.0.0.1:${port}`, ...options.headers, connection: 'close', 'content-length': String(Buffer.byteLength(body)) };
  const head = [`${options.method} ${options.target} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // Written without ending our side: a half-closed socket makes Node's server drop a slow answer.
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`${head}\r\n\r\n${body}`));
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks).toString('latin1')));
      } catch (err) {
        reject(new Error(`${options.method} ${options.target}: ${(err as Error).message}`));
      }
    });
  });
}

/** `text` is the response in latin1, one character per byte, so chunk sizes count right. */
function parseResponse(text: string): RawResponse {
  const split = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!status) throw new Error(`Not an HTTP response: ${JSON.stringify(text.slice(0, 200))}`);
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  let body = text.slice(split + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  return { status, headers, body: Buffer.from(body, 'latin1').toString('utf8') };
}

function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}
