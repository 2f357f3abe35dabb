import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDestination } from '../../src/config/parse-destination.js';
import { createIntakeApp } from '../../src/intake/intake-app.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { sendRaw } from '../helpers/raw-http.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';

// The intake API decides on the route the router matched, not on the raw request target:
// every disguise of a /v1 path below reaches a real route (or none), and none gets in without a key.

let harness: Harness;
let receiver: Receiver;
let app: FastifyInstance;
let port: number;
const KEY = 'auth-test-key';

beforeAll(async () => {
  [harness, receiver] = await Promise.all([startHarness(), startReceiver()]);
  const crm = parseDestination({ name: 'Auth CRM', url: `${receiver.url}/leads`, allow_insecure_http: true, timeout: 10_000, body: { format: 'json', mapping: { id: 'id' } } });
  const down = parseDestination({
    name: 'Auth Down',
    url: `${receiver.url}/status/503`,
    allow_insecure_http: true,
    timeout: 10_000,
    body: { format: 'json', mapping: { id: 'id' } },
    retry: { max_attempts: 50, delay: 60_000 },
  });
  app = createIntakeApp({ client: harness.client, destinations: new Map([['auth-crm', crm], ['auth-down', down]]), apiKeys: [KEY] });
  port = Number(new URL(await app.listen({ port: 0, host: '127.0.0.1' })).port);
});
afterAll(async () => {
  await app?.close();
  await harness?.close();
  await receiver?.close();
});

const json = { 'content-type': 'application/json' };
const withKey = { ...json, authorization: `Bearer ${KEY}` };

/** The same /v1 path written the ways a raw-prefix check misses or a router may still match. */
const disguises = (path: string): string[] => {
  const rest = path.slice('/v1'.length);
  return [
    `/%761${rest}`, // %76 is "v": the router decodes it
    `/%76%31${rest}`,
    `http://x/v1${rest}`, // absolute-form request target
    `http://x/%761${rest}`,
    `//v1${rest}`,
    `/V1${rest}`,
    `/./v1${rest}`,
    `/x/../v1${rest}`,
    `/v1/.${rest}`,
    `/v1/x/..${rest}`,
  ];
};

async function expectUnauthorized(method: string, target: string, body?: unknown): Promise<void> {
  const res = await sendRaw(port, { method, target, headers: json, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  expect({ target, status: res.status }).toEqual({ target, status: 401 });
  expect(JSON.parse(res.body).error.code).toBe('UNAUTHORIZED');
}

const isNotFound = (id: string) =>
  harness.client
    .handle(id)
    .describe()
    .then(
      () => false,
      (err: unknown) => err instanceof WorkflowNotFoundError,
    );

describe('intake API authentication', () => {
  it('answers the health check and the OpenAPI document without a key, and nothing else', async () => {
    expect((await sendRaw(port, { method: 'GET', target: '/healthz' })).status).toBe(200);
    expect((await sendRaw(port, { method: 'HEAD', target: '/healthz' })).status).toBe(200);
    expect((await sendRaw(port, { method: 'GET', target: '/openapi.json' })).status).toBe(200);
    // An unknown path or method is refused as unauthenticated: a 404 would tell a stranger which routes exist.
    for (const [method, target] of [['GET', '/nope'], ['POST', '/healthz'], ['GET', '/v1/destinations'], ['DELETE', '/v1/deliveries/x'], ['GET', '*']] as const) {
      await expectUnauthorized(method, target);
    }
    // The router's own refusals (a bad %-escape, an over-long id) would also reveal a route.
    const longId = `/v1/deliveries/${'a'.repeat(200)}`;
    for (const target of ['/v1/destinations/%zz/leads', longId]) await expectUnauthorized('GET', target);
    // With a key, they are plain errors.
    expect((await sendRaw(port, { method: 'GET', target: '/nope', headers: withKey })).status).toBe(404);
    expect((await sendRaw(port, { method: 'POST', target: '/v1/destinations/%zz/leads', headers: withKey })).status).toBe(400);
    expect((await sendRaw(port, { method: 'GET', target: longId, headers: withKey })).status).toBe(414);
  });

  it('refuses a start through an encoded, absolute-form, double-slash, case-changed or dot-segment path, and starts nothing', async () => {
    const ids: string[] = [];
    for (const target of disguises('/v1/destinations/auth-crm/leads')) {
      const id = `disguised-${randomUUID()}`;
      ids.push(id);
      await expectUnauthorized('POST', target, { lead: { id } });
    }
    // The control: the same request with a key starts a delivery, so "not found" below means something.
    const control = `control-${randomUUID()}`;
    const started = await sendRaw(port, { method: 'POST', target: '/v1/destinations/auth-crm/leads', headers: withKey, body: JSON.stringify({ lead: { id: control } }) });
    expect(started.status).toBe(202);
    await harness.client.result(`auth-crm--${control}`);
    expect(receiver.requests.some((r) => r.body.includes(control))).toBe(true);

    for (const id of ids) expect({ id, notFound: await isNotFound(`auth-crm--${id}`) }).toEqual({ id, notFound: true });
    expect(receiver.requests.filter((r) => ids.some((id) => r.body.includes(id)))).toEqual([]);
  });

  it('refuses status, retry, abandon and cancel through disguised paths, and leaves the delivery untouched', async () => {
    const leadId = `waiting-${randomUUID()}`;
    const started = await sendRaw(port, { method: 'POST', target: '/v1/destinations/auth-down/leads', headers: withKey, body: JSON.stringify({ lead: { id: leadId } }) });
    expect(started.status).toBe(202);
    const id = JSON.parse(started.body).deliveryId as string;

    for (const target of disguises(`/v1/deliveries/${id}`)) await expectUnauthorized('GET', target);
    for (const target of disguises(`/v1/deliveries/${id}/retry`)) await expectUnauthorized('POST', target, { requestedBy: 'intruder' });
    for (const target of disguises(`/v1/deliveries/${id}/abandon`)) await expectUnauthorized('POST', target, { reason: 'intruder' });
    for (const target of disguises(`/v1/deliveries/${id}/cancel`)) await expectUnauthorized('POST', target, {});

    const handle = harness.temporal.workflow.getHandle(id);
    const { events } = await handle.fetchHistory();
    const touched = (events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes || e.workflowExecutionCancelRequestedEventAttributes);
    expect(touched).toEqual([]);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // With a key the operator routes still work.
    const status = await sendRaw(port, { method: 'GET', target: `/v1/deliveries/${id}`, headers: withKey });
    expect(status.status).toBe(200);
    expect(JSON.parse(status.body)).toMatchObject({ deliveryId: id, status: 'RUNNING' });
    expect((await sendRaw(port, { method: 'POST', target: `/v1/deliveries/${id}/cancel`, headers: withKey, body: '{}' })).status).toBe(202);
    expect((await harness.client.result(id)).outcome).toBe('cancelled');
  });

  it('with no keys configured refuses every route but the public ones', async () => {
    const closed = createIntakeApp({ client: harness.client, destinations: new Map(), apiKeys: [] });
    const closedPort = Number(new URL(await closed.listen({ port: 0, host: '127.0.0.1' })).port);
    try {
      expect((await sendRaw(closedPort, { method: 'GET', target: '/healthz' })).status).toBe(200);
      for (const target of ['/v1/destinations/any/leads', '/%761/destinations/any/leads', 'http://x/v1/destinations/any/leads', '/nope']) {
        const res = await sendRaw(closedPort, { method: 'POST', target, headers: withKey, body: '{"lead":{"id":"1"}}' });
        expect({ target, status: res.status, code: JSON.parse(res.body).error.code }).toEqual({ target, status: 401, code: 'AUTH_NOT_CONFIGURED' });
      }
    } finally {
      await closed.close();
    }
  });
});
