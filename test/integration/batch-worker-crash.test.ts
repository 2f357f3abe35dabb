import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createLeadwireClient, type LeadwireClient } from '../../src/client/index.js';
import { parseDestination } from '../../src/config/parse-destination.js';
import { batcherStatusQuery } from '../../src/shared/batch-messages.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';
import { PATIENCE_MS } from '../helpers/eventually.js';

let receiver: Receiver;
let connection: Connection;
let client: LeadwireClient;
let temporal: Client;
const workers: WorkerProcess[] = [];
const taskQueue = `crash-${randomUUID()}`;

beforeAll(async () => {
  receiver = await startReceiver();
  connection = await Connection.connect({ address: inject('temporalAddress') });
  temporal = new Client({ connection });
  client = await createLeadwireClient({ client: temporal, taskQueue });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await connection?.close();
  await receiver?.close();
});

it('keeps an open batch window across a killed worker and delivers every lead once', async () => {
  const address = inject('temporalAddress');
  const first = startWorkerProcess(address, taskQueue);
  workers.push(first);
  const destination = parseDestination({
    name: `Crash CRM ${Date.now()}`,
    url: `${receiver.url}/leads`,
    allow_insecure_http: true,
    timeout: 10_000,
    body: { format: 'json', mapping: { email: 'email' } },
    // The window must outlast the test's look at the batcher and the kill, however slow the machine.
    batch: { size: 100, timeout: 15_000 },
  });
  const leads = Array.from({ length: 5 }, (_, i) => ({ id: `crash-${Date.now()}-${i}`, email: `c${i}@example.com` }));
  const started = await client.startDeliveries(destination, leads);
  const batcher = temporal.workflow.getHandle(started[0]!.batcherId!);

  // The first worker answers for the batcher: the window is open with all five leads in it.
  // A query no worker answered yet (the first one is still starting) is asked again.
  await expect.poll(() => batcher.query(batcherStatusQuery).then((s) => s.pending, () => undefined), { timeout: PATIENCE_MS }).toBe(5);
  await first.kill();
  expect(receiver.requests).toHaveLength(0);

  // A new worker picks up the batcher; its durable timer closes the window.
  workers.push(startWorkerProcess(address, taskQueue));
  const results = await Promise.all(started.map((s) => s.result()));
  expect(results.map((r) => r.outcome)).toEqual(Array(5).fill('success'));
  expect(receiver.requests).toHaveLength(1);
  expect(JSON.parse(receiver.requests[0]!.body).leads.map((l: { email: string }) => l.email)).toEqual(leads.map((l) => l.email));
});
