import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The bench's receiver, in a process of its own so its CPU is not the bench's: it only
 * counts. `/ok/*` answers 200; `/flaky/*` answers 503 to `FAIL_RATE` of requests; on
 * `/track/*` (and `/flaky/*`) it keeps, per `Idempotency-Key`, the time of the 2xx answer
 * (epoch milliseconds, sub-millisecond), which the bench reads back as the acknowledged time.
 * Control: `GET /_stats`, `GET /_acks`, `POST /_reset`. Loopback only.
 */
const FAIL_RATE = Number(process.env.BENCH_FAIL_RATE ?? '0.3');
const OK_BODY = Buffer.from('{"status":"ok"}');
const FAIL_BODY = Buffer.from('{"status":"busy"}');

let requests = 0;
let failed = 0;
let acks = new Map<string, number>();

const now = () => performance.timeOrigin + performance.now();

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  if (url.startsWith('/_')) {
    req.resume();
    const json = (value: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (url === '/_stats') return json({ requests, failed, acked: acks.size });
    if (url === '/_acks') return json(Object.fromEntries(acks));
    if (url === '/_reset') {
      requests = 0;
      failed = 0;
      acks = new Map();
      return json({ ok: true });
    }
    res.writeHead(404).end();
    return;
  }
  // Drain the body without keeping it: the bench measures delivery, not parsing.
  req.on('data', () => {});
  req.on('end', () => {
    requests++;
    const flaky = url.startsWith('/flaky');
    if (flaky && Math.random() < FAIL_RATE) {
      failed++;
      res.writeHead(503, { 'content-type': 'application/json', 'content-length': FAIL_BODY.length });
      res.end(FAIL_BODY);
      return;
    }
    if (flaky || url.startsWith('/track')) {
      const key = req.headers['idempotency-key'];
      if (typeof key === 'string' && !acks.has(key)) acks.set(key, now());
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': OK_BODY.length });
    res.end(OK_BODY);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('disconnect', () => process.exit(0));
