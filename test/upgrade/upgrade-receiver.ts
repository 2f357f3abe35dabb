import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the receiver saw it, and what became of its answer. */
export interface Arrival {
  /** The Idempotency-Key header: the delivery id (a batch: the batch's id). */
  key: string;
  path: string;
  /** Delivery ids of the leads in the body (`delivery_id` of the body, or of each item of `leads`). */
  leads: string[];
  /** The status answered, once answered. */
  status?: number;
  /** The connection closed before the answer was written: the sender never read one (a worker stopped or killed, a timeout). */
  aborted: boolean;
  at: number;
}

/**
 * The upgrade test's receiver, on 127.0.0.1. What it answers depends on the path:
 * - `/park/...`: 500 while `parking` is on, then 200;
 * - `/flaky/...`: 503 to the first request of each Idempotency-Key, then 200;
 * - `/ping/held-...`: holds the request until `releaseHeld()`, then answers a bid of 30 (later requests at once);
 * - `/ping/...`: a bid of 10, at once;
 * - anything else (`/bulk/...`, `/buyer/...`): 200.
 * Every request is kept as an {@link Arrival}, answered or not.
 */
export interface UpgradeReceiver {
  url: string;
  arrivals: Arrival[];
  /** Arrivals per Idempotency-Key. */
  byKey(): Map<string, Arrival[]>;
  /** How many 2xx answers carried each lead (by delivery id in the body), answers the sender may not have read included. */
  acceptedByLead(): Map<string, number>;
  /** Held pings waiting for their answer. */
  held(): number;
  setParking(on: boolean): void;
  /** Answers every held ping, and every later one at once. */
  releaseHeld(): void;
  /** Forgets every request, parks and holds again: a new run starts. */
  reset(): void;
  close(): Promise<void>;
}

export async function startUpgradeReceiver(): Promise<UpgradeReceiver> {
  const arrivals: Arrival[] = [];
  const sockets = new Set<Socket>();
  const seenKeys = new Set<string>();
  let parking = true;
  let holding = true;
  let waiting: (() => void)[] = [];

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    const arrival: Arrival = { key: String(req.headers['idempotency-key'] ?? ''), path, leads: leadsIn(Buffer.concat(chunks).toString('utf8')), aborted: false, at: Date.now() };
    arrivals.push(arrival);
    res.once('close', () => {
      if (!res.writableFinished) arrival.aborted = true;
    });
    const answer = (status: number, body: unknown) => {
      if (res.destroyed) return;
      arrival.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const first = !seenKeys.has(`${path}|${arrival.key}`);
    seenKeys.add(`${path}|${arrival.key}`);
    if (path.startsWith('/park/')) return answer(parking ? 500 : 200, { status: parking ? 'error' : 'accepted' });
    if (path.startsWith('/flaky/')) return answer(first ? 503 : 200, { status: first ? 'busy' : 'accepted' });
    if (path.startsWith('/ping/held-')) {
      if (holding) await new Promise<void>((resolve) => waiting.push(resolve));
      return answer(200, { status: 'success', bid: 30 });
    }
    if (path.startsWith('/ping/')) return answer(200, { status: 'success', bid: 10 });
    return answer(200, { status: 'accepted' });
  });
  server.keepAliveTimeout = 1000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const releaseHeld = () => {
    holding = false;
    const release = waiting;
    waiting = [];
    for (const r of release) r();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    byKey() {
      const m = new Map<string, Arrival[]>();
      for (const a of arrivals) m.set(a.key, [...(m.get(a.key) ?? []), a]);
      return m;
    },
    acceptedByLead() {
      const m = new Map<string, number>();
      for (const a of arrivals) if (a.status !== undefined && a.status < 300) for (const id of a.leads) m.set(id, (m.get(id) ?? 0) + 1);
      return m;
    },
    held: () => waiting.length,
    setParking(on) {
      parking = on;
    },
    releaseHeld,
    reset() {
      arrivals.length = 0;
      seenKeys.clear();
      parking = true;
      holding = true;
    },
    async close() {
      releaseHeld();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function leadsIn(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { delivery_id?: unknown; leads?: { delivery_id?: unknown }[] };
    if (Array.isArray(parsed.leads)) return parsed.leads.map((l) => l.delivery_id).filter((id): id is string => typeof id === 'string');
    return typeof parsed.delivery_id === 'string' ? [parsed.delivery_id] : [];
  } catch {
    return [];
  }
}
