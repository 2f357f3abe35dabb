import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createLeadwireClient, type LeadwireClient } from '../../src/client/index.js';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { parseFlow } from '../../src/config/load-flow.js';
import { childDeliveryIdFor } from '../../src/core/flows/flow-ids.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { PATIENCE_MS, until } from '../helpers/eventually.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';

let receiver: Receiver;
let connection: Connection;
let client: LeadwireClient;
const workers: WorkerProcess[] = [];
const taskQueue = `auction-lost-${randomUUID()}`;

beforeAll(async () => {
  receiver = await startReceiver();
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = await createLeadwireClient({ client: new Client({ connection }), taskQueue });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await connection?.close();
  await receiver?.close();
});

/** A ping: its bid read from `bid`; a first attempt lost with its worker is tried again. */
const ping = (name: string, url: string): DestinationInput => ({ name, url, allow_insecure_http: true, timeout: 10_000, retry: { max_attempts: 3, delay: 200 }, price: 'bid' });
const post = (name: string, url: string): DestinationInput => ({ name, url, allow_insecure_http: true, timeout: 10_000, retry: { max_attempts: 1 } });

it('a ping whose worker was SIGKILLed while it held the ping still bids: its window opens at its own send', async () => {
  const t = randomUUID().slice(0, 8);
  // B's ping server holds the first ping it gets (the worker sending it is then SIGKILLed) and
  // answers every later one at once, with the highest bid.
  const arrivals: number[] = [];
  const b = http.createServer((req, res) => {
    req.resume();
    arrivals.push(Date.now());
    if (arrivals.length > 1) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', bid: 99 }));
  });
  await new Promise<void>((r) => b.listen(0, '127.0.0.1', r));
  const bUrl = `http://127.0.0.1:${(b.address() as AddressInfo).port}/ping`;
  try {
    const flow = await parseFlow({
      name: `lost-${t}`,
      strategy: 'ping_post',
      // Shorter than the workflow task timeout after which the killed worker's task is tried again
      // (10 s by default, 60 s on the test server): counted from the auction's start, B's window
      // would be over before B is pinged again.
      ping_timeout: 8000,
      // Room for the replacement worker starting on a busy machine; the auction closes at its last answer.
      auction_timeout: 600_000,
      buyers: [
        { name: `a-${t}`, ping: ping(`A ping ${t}`, `${receiver.url}/ping?bid=10&buyer=a-${t}`), destination: post(`A ${t}`, `${receiver.url}/leads?buyer=a-${t}`) },
        { name: `b-${t}`, ping: ping(`B ping ${t}`, bUrl), destination: post(`B ${t}`, `${receiver.url}/leads?buyer=b-${t}`) },
      ],
    });
    workers.push(startWorkerProcess(inject('temporalAddress'), taskQueue));
    const started = await client.startDistribution(flow, { id: `lost-${t}`, zip: '30301' });
    // The first worker (started cold: it bundles the workflows first) sends B's ping inside the
    // ping's first workflow task; it is killed before B answers, so that task never completes.
    await until('B was pinged', () => arrivals.length >= 1, 3 * PATIENCE_MS);
    await workers[0]!.kill();
    workers.push(startWorkerProcess(inject('temporalAddress'), taskQueue));

    const result = await started.result();
    expect(result).toMatchObject({ outcome: 'sold', winner: `b-${t}`, salePrice: 99 });
    expect(result.bids.map((bid) => bid.buyer)).toEqual([`b-${t}`, `a-${t}`]);
    // The bid is timed from the ping that reached B and was answered, not from the auction's start.
    expect(result.bids[0]!.durationMs).toBeLessThan(8000);
    expect(Date.parse(result.bids[0]!.receivedAt)).toBeGreaterThanOrEqual(arrivals[1]! - 1000);
    const bPing = await client.result(childDeliveryIdFor(started.distributionId, `b-${t}`, 'ping'));
    expect(bPing.attempts.map((a) => a.errorCode ?? a.outcome)).toEqual(['WORKER_LOST', 'success']);
    expect(arrivals).toHaveLength(2);
    expect(receiver.requests.filter((r) => r.url.includes(`/leads?buyer=b-${t}`))).toHaveLength(1);
    expect(receiver.requests.filter((r) => r.url.includes(`/leads?buyer=a-${t}`))).toHaveLength(0);
  } finally {
    b.closeAllConnections();
    await new Promise<void>((r) => b.close(() => r()));
  }
});
