import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { parseDestination } from '../../src/config/parse-destination.js';
import { submitToBatch } from '../../src/client/submit-to-batch.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';
import { waitFor } from '../helpers/eventually.js';

let harness: Harness;
let receiver: Receiver;
let run = 0;

beforeAll(async () => {
  [harness, receiver] = await Promise.all([startHarness(), startReceiver()]);
});
afterAll(async () => {
  await harness?.close();
  await receiver?.close();
});
beforeEach(() => {
  receiver.clear();
  run++;
});

const leads = (n: number, prefix = `r${Date.now()}`) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, email: `lead${i}@example.com`, score: i }));

function destination(path: string, batch: DestinationInput['batch'], extra: Partial<DestinationInput> = {}): DestinationInput {
  return {
    name: `Batch CRM ${run} ${Date.now()}`,
    url: `${receiver.url}${path}`,
    allow_insecure_http: true,
    timeout: 10_000,
    body: { format: 'json', mapping: { email: 'email', score: 'score' } },
    retry: { max_attempts: 2, delay: 10 },
    batch,
    ...extra,
  };
}

const bodies = () => receiver.requests.map((r) => JSON.parse(r.body) as { leads: { email: string }[] });

describe('batch delivery', () => {
  it('sends a full batch as soon as it has `size` leads, in the guide envelope', async () => {
    const d = destination('/leads', { size: 3, timeout: 600_000 });
    const started = await harness.client.startDeliveries(d, leads(3));
    const results = await Promise.all(started.map((s) => s.result()));
    expect(results.map((r) => r.outcome)).toEqual(['success', 'success', 'success']);
    expect(new Set(results.map((r) => r.batchId)).size).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    expect(bodies()[0]).toEqual({ leads: [{ email: 'lead0@example.com', score: 0 }, { email: 'lead1@example.com', score: 1 }, { email: 'lead2@example.com', score: 2 }] });
    expect(receiver.requests[0]!.headers['idempotency-key']).toBe(results[0]!.batchId);
  });

  it('sends a partial batch when its window closes, and `leadwire status` finds each lead in it', async () => {
    const d = destination('/leads', { size: 50, timeout: 400 });
    const started = await harness.client.startDeliveries(d, leads(2));
    const results = await Promise.all(started.map((s) => s.result()));
    expect(results.map((r) => r.outcome)).toEqual(['success', 'success']);
    expect(receiver.requests).toHaveLength(1);
    expect(bodies()[0]!.leads).toHaveLength(2);
    const status = await harness.client.status(started[1]!.deliveryId);
    expect(status.batch?.batchId).toBe(results[1]!.batchId);
    expect(status!.batch?.lead?.outcome).toBe('success');
    expect(status.attempts[0]!.status).toBe(200);
  });

  it('judges each lead by its own result in the response array', async () => {
    const answer = JSON.stringify({ results: [{ status: 'success', id: 'A1' }, { status: 'rejected', message: 'duplicate lead' }, { status: 'success', id: 'A3' }] });
    const d = destination(`/leads?body=${encodeURIComponent(answer)}&content_type=application/json`, { size: 3, timeout: 600_000, results: { path: 'results' } }, {
      success_check: { path: 'status', value: 'success' },
      response_parser: { buyer_id: 'id', message: 'message' },
    });
    const started = await harness.client.startDeliveries(d, leads(3));
    const results = await Promise.all(started.map((s) => s.result()));
    expect(results.map((r) => r.outcome)).toEqual(['success', 'failure', 'success']);
    expect(results[0]!.fields).toMatchObject({ buyer_id: 'A1' });
    expect(results[1]!.fields).toMatchObject({ message: 'duplicate lead' });
  });

  it('matches per-lead results by id', async () => {
    const batchLeads = leads(2, `byid${Date.now()}`);
    const answer = JSON.stringify({ items: [{ lead: batchLeads[1]!.id, ok: false }, { lead: batchLeads[0]!.id, ok: true }] });
    const d = destination(`/leads?body=${encodeURIComponent(answer)}&content_type=application/json`, { size: 2, timeout: 600_000, results: { path: 'items', match: 'id', id_path: 'lead' } }, {
      success_check: { path: 'ok', value: true },
    });
    const results = await Promise.all((await harness.client.startDeliveries(d, batchLeads)).map((s) => s.result()));
    expect(results.map((r) => r.outcome)).toEqual(['success', 'failure']);
  });

  it('puts a lead submitted twice in the batch once', async () => {
    const d = destination('/leads', { size: 3, timeout: 500 });
    const [a, b] = leads(2);
    const started = await harness.client.startDeliveries(d, [a, b, a]);
    await Promise.all(started.map((s) => s.result()));
    expect(receiver.requests).toHaveLength(1);
    expect(bodies()[0]!.leads.map((l) => l.email)).toEqual(['lead0@example.com', 'lead1@example.com']);
  });

  it('records a lead that fails to render on its own, without poisoning its batch', async () => {
    const d = destination('/leads', { size: 2, timeout: 600_000 }, { body: { format: 'json', mapping: { email: 'email', phone: 'phone' }, on_missing: 'error' } });
    const started = await harness.client.startDeliveries(d, [{ id: `p${Date.now()}`, email: 'a@example.com', phone: '1' }, { id: `q${Date.now()}`, email: 'b@example.com' }]);
    const results = await Promise.all(started.map((s) => s.result()));
    expect(results.map((r) => r.outcome)).toEqual(['success', 'error']);
    expect(results[1]!.errorCode).toBe('LEAD_FIELD_MISSING');
    expect(bodies()[0]!.leads).toEqual([{ email: 'a@example.com', phone: '1' }]);
  });

  it('splits a batch whose body would exceed max_bytes', async () => {
    const d = destination('/leads', { size: 4, timeout: 600_000, max_bytes: 300 }, { body: { format: 'json', mapping: { email: 'email', pad: 'pad' } } });
    const big = leads(4).map((l) => ({ ...l, pad: 'x'.repeat(100) }));
    const results = await Promise.all((await harness.client.startDeliveries(d, big)).map((s) => s.result()));
    expect(results.every((r) => r.outcome === 'success')).toBe(true);
    expect(receiver.requests.length).toBeGreaterThan(1);
    expect(receiver.requests.every((r) => Buffer.byteLength(r.body) <= 300)).toBe(true);
    expect(bodies().flatMap((b) => b.leads).map((l) => l.email).sort()).toEqual(big.map((l) => l.email).sort());
  });

  it('continues as new under a stream of leads and loses none of them', async () => {
    const d = parseDestination(destination('/leads', { size: 25, timeout: 200 }), 'test');
    const stream = leads(300, `can${Date.now()}`);
    const temporal = harness.temporal;
    // Thirty signals of ten leads, against a batcher that rolls over every 40 history events.
    const batcherIds = new Set<string>();
    let firstRun: string | undefined;
    for (let i = 0; i < stream.length; i += 10) {
      const entries = stream.slice(i, i + 10).map((l) => ({ deliveryId: `can-${l.id}`, leadId: l.id, lead: l }));
      const { batcherIdFor } = await import('../../src/client/submit-to-batch.js');
      const id = batcherIdFor(d, '');
      batcherIds.add(id);
      const signaled = await temporal.workflow.signalWithStart('leadBatcher', {
        workflowId: id,
        taskQueue: harness.taskQueue,
        args: [{ destination: d, batchKey: '', maxHistoryEvents: 40 }],
        signal: 'addLeads',
        signalArgs: [entries],
      });
      firstRun ??= signaled.signaledRunId;
    }
    const results = await Promise.all(stream.map((l) => harness.client.result(`can-${l.id}`)));
    expect(results.every((r) => r.outcome === 'success')).toBe(true);
    // Each batch is sent with its batch id as Idempotency-Key. A send that timed out on a starved
    // machine and was sent again arrives twice under one key, with the same leads: the buyer drops
    // the second. Counted once per key, every lead arrived, and none in two batches.
    const byKey = new Map<string, string[]>();
    for (const request of receiver.requests) {
      const key = String(request.headers['idempotency-key']);
      const emails = (JSON.parse(request.body) as { leads: { email: string }[] }).leads.map((l) => l.email);
      if (byKey.has(key)) expect(emails, `a resend under ${key}`).toEqual(byKey.get(key));
      else byKey.set(key, emails);
    }
    const received = [...byKey.values()].flat();
    expect(received).toHaveLength(300);
    expect(new Set(received).size).toBe(300);
    // The batcher's first run continued as new, and a later run holds the batcher now. Read from
    // the server's own record of each run (describe), not from visibility, which a starved machine
    // can leave behind for longer than any sensible wait.
    expect(batcherIds.size).toBe(1);
    const batcherId = [...batcherIds][0]!;
    // The first run asks to continue as new once its batches are out; the server refuses that
    // (UnhandledCommand) while a batch's signal is still arriving, and the run asks again: wait.
    const first = await waitFor('the first batcher run continued as new', () => temporal.workflow.getHandle(batcherId, firstRun).describe(), (d) => d.status.name !== 'RUNNING');
    expect(first.status.name).toBe('CONTINUED_AS_NEW');
    expect((await temporal.workflow.getHandle(batcherId).describe()).runId).not.toBe(firstRun);
  });

  it('sends a batch larger than the search index holds, and still finds every lead of it', async () => {
    const d = destination('/leads', { size: 200, timeout: 600_000 });
    const started = await harness.client.startDeliveries(d, leads(200, `big${Date.now()}`));
    const last = await started[199]!.result();
    expect(last.outcome).toBe('success');
    expect(receiver.requests).toHaveLength(1);
    expect(bodies()[0]!.leads).toHaveLength(200);
    // The 200th lead is past the 142 index keys that fit Temporal's 2 KB value limit: found by scanning recent batches.
    // Found by listing the newest batches and asking each (2 s apiece): visibility lists the batch a
    // moment after it ends, and a starved worker may miss a question; ask until it is found.
    const status = await waitFor('the 200th lead found in its batch', () => harness.client.status(started[199]!.deliveryId).catch(() => undefined), (s) => s?.batch?.batchId !== undefined);
    expect(status!.batch?.batchId).toBe(last.batchId);
    expect(status!.batch?.lead?.outcome).toBe('success');
  });

  it('sends the open batch on a flush signal', async () => {
    const d = parseDestination(destination('/leads', { size: 100, timeout: 3_600_000 }), 'test');
    const entries = leads(2).map((l) => ({ deliveryId: `flush-${l.id}`, leadId: l.id, lead: l }));
    const batcherOf = await submitToBatch(harness.temporal, harness.taskQueue, d, entries);
    await harness.temporal.workflow.getHandle(batcherOf.get(entries[0]!.deliveryId)!).signal('flush');
    const results = await Promise.all(entries.map((e) => harness.client.result(e.deliveryId)));
    expect(results.map((r) => r.outcome)).toEqual(['success', 'success']);
  });
});
