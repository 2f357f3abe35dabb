import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection, type ConnectionLike, type WorkflowClientInterceptor } from '@temporalio/client';
import { msToTs } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createLeadwireClient, type LeadwireClient } from '../../src/client/index.js';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { attributeDelivery } from '../../bench/worker-attribution.js';
import { countHistory } from '../faults/sends-by-worker.js';
import { replayWorkerOptions } from '../../src/worker.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';
import { PATIENCE_MS } from '../helpers/eventually.js';

// Issue 14: the common case delivers in the workflow's first task (one local activity renders,
// sends and judges); a worker lost in the middle of it is still judged, as WORKER_LOST.
const { harness, receiver } = useHarnessAndReceiver();

let n = 0;
const destination = (path: string, extra: Partial<DestinationInput> = {}): DestinationInput => ({
  name: `First attempt ${Date.now()}-${++n}`,
  url: `${receiver.url}${path}`,
  allow_insecure_http: true,
  timeout: 10_000,
  body: { format: 'json', mapping: { email: 'email' } },
  retry: { max_attempts: 3, delay: 50 },
  ...extra,
});
/**
 * Replays a history as a restarted worker would, and fails on any error the replay logs (issue 21:
 * replays without the worker's sinks logged "unregistered external sink" on every finished delivery).
 */
async function replay(name: string, history: { events: temporal.api.history.v1.IHistoryEvent[] }, workflowId: string): Promise<void> {
  const written: string[] = [];
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await Worker.runReplayHistory(replayWorkerOptions(name), history, workflowId);
  } finally {
    write.mockRestore();
  }
  expect(written.filter((line) => /\[ERROR\]/.test(line))).toEqual([]);
}

/**
 * The run's test server gives workflow tasks 60 s (test/helpers/global-setup.ts); these tests are
 * about the usual 10 s (what a lost worker costs, when the SDK keeps a long first attempt's task
 * alive), so their deliveries are started with it.
 */
const usualTaskTimeout: WorkflowClientInterceptor = {
  start: (input, next) => next({ ...input, options: { ...input.options, workflowTaskTimeout: msToTs('10 seconds') } }),
};
const withUsualTaskTimeout = (connection: ConnectionLike, taskQueue: string) =>
  createLeadwireClient({ client: new Client({ connection, interceptors: { workflow: [usualTaskTimeout] } }), taskQueue });
const eventTypes = async (deliveryId: string) =>
  (await harness.temporal.workflow.getHandle(deliveryId).fetchHistory()).events!.map((e) => temporal.api.enums.v1.EventType[e.eventType!]);

describe('the first attempt in the first workflow task', () => {
  it('delivers a lead accepted at once in one workflow task and 7 history events', async () => {
    const result = await harness.client.deliver(destination('/leads'), { id: `fast-${Date.now()}`, email: 'a@example.com' });
    expect(result).toMatchObject({ outcome: 'success', attempts: [{ attempt: 1, status: 200 }] });
    const events = await eventTypes(result.deliveryId);
    expect(events).toHaveLength(7);
    expect(events.filter((e) => e === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED')).toHaveLength(1);
    expect(events).not.toContain('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
    // The bench and the fault suite credit the send to the worker that completed that task.
    const history = (await harness.temporal.workflow.getHandle(result.deliveryId).fetchHistory()).events!;
    const identity = history.find((e) => e.workflowTaskCompletedEventAttributes)!.workflowTaskCompletedEventAttributes!.identity!;
    expect(attributeDelivery(history).sendIdentity).toBe(identity);
    const sends = { completed: new Map(), lost: new Map(), workflowTasks: new Map(), finishedByAnother: 0 };
    countHistory(history, sends);
    expect(sends.completed).toEqual(new Map([[identity, 1]]));
    // A worker that restarts (or answers a query about it) replays that history to the same decisions.
    await replay('first-attempt', { events: history }, result.deliveryId);
  });

  it('retries from an activity after a first attempt that failed in the task', async () => {
    const result = await harness.client.deliver(destination('/leads?fail=1&fail_status=503'), { id: `retry-${Date.now()}`, email: 'b@example.com' });
    expect(result.attempts.map((a) => a.status)).toEqual([503, 200]);
    const events = await eventTypes(result.deliveryId);
    expect(events.filter((e) => e === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')).toHaveLength(1);
    const history = (await harness.temporal.workflow.getHandle(result.deliveryId).fetchHistory()).events!;
    await replay('retried', { events: history }, result.deliveryId);
  });

  it('replays a parked delivery whose first attempt failed in the task (a restarted worker answering a query)', async () => {
    const started = await harness.client.startDelivery(destination('/leads?fail=10&fail_status=503', { retry: { max_attempts: 2, delay: 100 } }), { id: `park-${Date.now()}`, email: 'p@example.com' });
    await expect.poll(async () => (await harness.client.status(started.deliveryId)).parked, { timeout: PATIENCE_MS }).toBe(true);
    const history = (await started.handle.fetchHistory()).events!;
    await replay('parked', { events: history }, started.deliveryId);
    await harness.client.cancel(started.deliveryId);
  });

  it('replays a first attempt that outlasted the workflow task timeout\'s heartbeat (its marker lands in a later task)', async () => {
    // 8.6 s is past 80% of the 10 s workflow task timeout (and leaves a loaded machine 1.4 s before the 10 s request timeout): the SDK completes the task empty to keep it alive.
    const client = await withUsualTaskTimeout(harness.temporal.connection, harness.taskQueue);
    const result = await client.deliver(destination('/leads?sleep=8600', { timeout: 10_000 }), { id: `long-${Date.now()}`, email: 'l@example.com' });
    expect(result.outcome).toBe('success');
    const history = (await harness.temporal.workflow.getHandle(result.deliveryId).fetchHistory()).events!;
    expect(history.filter((e) => e.workflowTaskCompletedEventAttributes).length).toBeGreaterThan(1);
    await replay('heartbeat', { events: history }, result.deliveryId);
  });

  it.each([
    ['at_most_once', { at_most_once: true }],
    ['a timeout over 10 s', { timeout: 15_000 }],
  ])('sends the first attempt from an activity for %s', async (_, extra) => {
    const result = await harness.client.deliver(destination('/leads', extra), { id: `slow-${Date.now()}-${++n}`, email: 'c@example.com' });
    expect(result.outcome).toBe('success');
    expect(await eventTypes(result.deliveryId)).toContain('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
  });

  it('records a skip decided in the task without sending', async () => {
    const result = await harness.client.deliver(destination('/leads', { skip: [{ when: 'email = "skip@example.com"', reason: 'a test address' }] }), { id: `skip-${Date.now()}`, email: 'skip@example.com' });
    expect(result.outcome).toBe('skipped');
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('a worker lost during the first attempt', () => {
  const taskQueue = `first-lost-${randomUUID()}`;
  const workers: WorkerProcess[] = [];
  // Holds the first request unanswered until the test ends, so the worker is killed with it sent
  // and unanswered however slow the machine is; answers every later one at once.
  const requests: http.IncomingHttpHeaders[] = [];
  const slow = http.createServer((req, res) => {
    requests.push(req.headers);
    req.resume();
    if (requests.length > 1) res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
  });
  let connection: Connection;
  let client: LeadwireClient;
  beforeAll(async () => {
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    connection = await Connection.connect({ address: inject('temporalAddress') });
    client = await withUsualTaskTimeout(connection, taskQueue);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await connection?.close();
    slow.closeAllConnections();
    await new Promise<void>((r) => slow.close(() => r()));
  });

  it('is judged WORKER_LOST, tried again with the same Idempotency-Key, and delivered', async () => {
    const first = startWorkerProcess(inject('temporalAddress'), taskQueue);
    workers.push(first);
    // 10 s: the longest timeout still sent in the workflow task; the first request is never answered.
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/leads`;
    const started = await client.startDelivery(destination('/leads', { url, timeout: 10_000, retry: { max_attempts: 3, delay: 100 } }), { id: `lost-${Date.now()}`, email: 'lost@example.com' });
    await expect.poll(() => requests.length, { timeout: PATIENCE_MS }).toBeGreaterThan(0);
    await first.kill();
    workers.push(startWorkerProcess(inject('temporalAddress'), taskQueue));
    const result = await started.handle.result();
    expect(result.outcome).toBe('success');
    expect(result.attempts.map((a) => a.errorCode ?? a.status)).toEqual(['WORKER_LOST', 200]);
    expect(result.attempts[0]!.reason).toMatch(/first workflow task/);
    // Both requests carried the same key, so the buyer can drop the second.
    expect(requests.map((r) => r['idempotency-key'])).toEqual([started.deliveryId, started.deliveryId]);
  });
});
