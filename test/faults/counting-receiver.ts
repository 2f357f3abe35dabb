import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { freePort } from '../../src/temporal/free-port.js';

/**
 * What the receiver does with one request. `accept`: keeps the lead and answers 200 after
 * `latencyMs`; `reject`: answers `status` without keeping it; `drop`: destroys the connection
 * before reading the lead (nothing kept); `late`: keeps the lead, but answers only after
 * `ms`, beyond the sender's timeout (the sender sees a TIMEOUT although the lead arrived).
 */
export type Fate = { kind: 'accept' } | { kind: 'reject'; status: number } | { kind: 'drop' } | { kind: 'late'; ms: number };

/** One request as the receiver saw it. */
export interface CountedRequest {
  key: string;
  /** Delivery ids of the leads in the body (`delivery_id` of each item of a batch's `leads`, or of the body). */
  leads: string[];
  fate: Fate['kind'];
  at: number;
}

export interface CountingReceiver {
  url: string;
  port: number;
  requests: CountedRequest[];
  /** How many times each Idempotency-Key was kept (accepted or answered late). */
  keptByKey(): Map<string, number>;
  /** How many times each lead (delivery id found in a body) was kept. */
  keptByLead(): Map<string, number>;
  /** Requests per Idempotency-Key, whatever their fate. */
  seenByKey(): Map<string, number>;
  /** Requests read and not yet answered: sends in flight right now. */
  answering(): number;
  setFate(fate: (req: { key: string; n: number }) => Fate): void;
  /** Stops listening: connections are refused until `up()`. Requests being answered finish first. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export interface CountingReceiverOptions {
  /** Time to answer an accepted request, in milliseconds (a slow CRM keeps deliveries in flight). */
  latencyMs?: number;
}

/** A receiver on 127.0.0.1 that counts every request and every lead it keeps, per Idempotency-Key. */
export async function startCountingReceiver(options: CountingReceiverOptions = {}): Promise<CountingReceiver> {
  const requests: CountedRequest[] = [];
  let fateOf: (req: { key: string; n: number }) => Fate = () => ({ kind: 'accept' });
  const sockets = new Set<Socket>();
  let n = 0;
  let answering = 0;

  const server = http.createServer(async (req, res) => {
    const key = String(req.headers['idempotency-key'] ?? '');
    const fate = fateOf({ key, n: n++ });
    if (fate.kind === 'drop') {
      req.socket.destroy();
      requests.push({ key, leads: [], fate: 'drop', at: Date.now() });
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    requests.push({ key, leads: leadsIn(Buffer.concat(chunks).toString('utf8')), fate: fate.kind, at: Date.now() });
    const wait = fate.kind === 'late' ? fate.ms : fate.kind === 'accept' ? (options.latencyMs ?? 0) : 0;
    answering++;
    try {
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (res.destroyed) return;
      const status = fate.kind === 'reject' ? fate.status : 200;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status: status === 200 ? 'accepted' : 'unavailable' }));
    } finally {
      answering--;
    }
  });
  server.keepAliveTimeout = 1000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  // down() and up() reopen the same port. One from a listen on port 0 is in the kernel's
  // ephemeral range, where any outgoing connection made during the outage may take it;
  // freePort() picks below that range, and a pick some other test binds first is picked again.
  for (let tries = 1; ; tries++) {
    try {
      await listen(await freePort());
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || tries === 20) throw err;
    }
  }
  const port = (server.address() as AddressInfo).port;
  let listening = true;

  const count = (pick: (r: CountedRequest) => string[], kept: boolean) => {
    const m = new Map<string, number>();
    for (const r of requests) {
      if (kept && r.fate !== 'accept' && r.fate !== 'late') continue;
      for (const k of pick(r)) m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };
  const down = async () => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((r) => server.close(() => r()));
    // Keep-alive connections go as soon as their answer is written (the sweep is bounded by the close).
    const sweep = setInterval(() => server.closeIdleConnections(), 20);
    server.closeIdleConnections();
    await closed.finally(() => clearInterval(sweep));
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    keptByKey: () => count((r) => [r.key], true),
    keptByLead: () => count((r) => r.leads, true),
    seenByKey: () => count((r) => [r.key], false),
    answering: () => answering,
    setFate(f) {
      fateOf = f;
    },
    down,
    async up() {
      if (listening) return;
      await listen(port);
      listening = true;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await down();
    },
  };
}

function leadsIn(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { delivery_id?: string; leads?: { delivery_id?: string }[] };
    if (Array.isArray(parsed.leads)) return parsed.leads.map((l) => l.delivery_id).filter((id): id is string => typeof id === 'string');
    return typeof parsed.delivery_id === 'string' ? [parsed.delivery_id] : [];
  } catch {
    return [];
  }
}
