import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDestination } from '../../src/config/parse-destination.js';
import { createIntakeApp } from '../../src/intake/intake-app.js';
import { loadDestinationsDir } from '../../src/intake/load-destinations.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';
import { until, waitFor } from '../helpers/eventually.js';

let harness: Harness;
let receiver: Receiver;
let app: FastifyInstance;
let base: string;
const KEY = 'test-key-123';
const auth = { authorization: `Bearer ${KEY}` };

beforeAll(async () => {
  [harness, receiver] = await Promise.all([startHarness(), startReceiver()]);
  const crm = parseDestination({ name: 'Intake CRM', url: `${receiver.url}/leads`, allow_insecure_http: true, timeout: 10_000, body: { format: 'json', mapping: { email: 'email' } } });
  const flaky = parseDestination({
    name: 'Intake Down',
    url: `${receiver.url}/status/503`,
    allow_insecure_http: true,
    timeout: 10_000,
    body: { format: 'json', mapping: { email: 'email' } },
    retry: { max_attempts: 50, delay: 60_000 },
  });
  const batched = parseDestination({
    name: 'Intake Batch',
    url: `${receiver.url}/bulk`,
    allow_insecure_http: true,
    timeout: 10_000,
    body: { format: 'json', mapping: { email: 'email' } },
    batch: { size: 2, timeout: 60_000 },
  });
  app = createIntakeApp({
    client: harness.client,
    destinations: new Map([['intake-crm', crm], ['intake-down', flaky], ['intake-batch', batched]]),
    apiKeys: ['other-key', KEY],
  });
  // Real HTTP on loopback, as a caller would use it.
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await harness?.close();
  await receiver?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const get = (path: string, headers: Record<string, string> = auth) => fetch(`${base}${path}`, { headers });

describe('intake API', () => {
  it('answers 202 with the delivery id, and the same delivery for a repeated post', async () => {
    const lead = { id: `in-${Date.now()}`, email: 'a@example.com' };
    const first = await post('/v1/destinations/intake-crm/leads', { lead });
    expect(first.status).toBe(202);
    const started = await first.json();
    expect(started).toMatchObject({ deliveryId: `intake-crm--${lead.id}`, leadId: lead.id, destination: 'Intake CRM', started: true });
    expect(first.headers.get('location')).toBe(`/v1/deliveries/intake-crm--${lead.id}`);

    const again = await post('/v1/destinations/intake-crm/leads', { lead }, { 'x-api-key': KEY });
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ deliveryId: started.deliveryId, started: false });
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    await harness.client.result(started.deliveryId);
    const status = await get(started.statusUrl);
    expect(status.status).toBe(200);
    const body = await status.json();
    expect(body).toMatchObject({ deliveryId: started.deliveryId, status: 'COMPLETED', outcome: 'success', state: 'done' });
    expect(body.result.attempts).toHaveLength(1);
    // Sent exactly once despite two posts.
    expect(receiver.requests.filter((r) => r.headers['idempotency-key'] === started.deliveryId)).toHaveLength(1);
  });

  it('takes leads for a batch destination and reports each one from its batch', async () => {
    const leads = [1, 2].map((i) => ({ id: `ib-${Date.now()}-${i}`, email: `b${i}@example.com` }));
    const started = await Promise.all(leads.map(async (lead) => (await post('/v1/destinations/intake-batch/leads', { lead })).json()));
    expect(started.map((s) => s.started)).toEqual([true, true]);
    await Promise.all(started.map((s) => harness.client.result(s.deliveryId)));
    // A batched lead is found through its batch's search attribute, which visibility indexes a
    // moment after the batch ends (on a loaded machine, after the result is in).
    const body = await waitFor(
      'the batched lead found by its status URL',
      async () => {
        const res = await get(started[1].statusUrl);
        return { status: res.status, body: await res.json() };
      },
      (r) => r.status === 200,
    ).then((r) => r.body);
    expect(body).toMatchObject({ deliveryId: started[1].deliveryId, status: 'COMPLETED', outcome: 'success' });
    expect(body.batch.batchId).toMatch(/^batch--intake-batch--/);
    expect(receiver.requests.filter((r) => r.url === '/bulk')).toHaveLength(1);
  });

  it('refuses callers without a valid key', async () => {
    const none = await post('/v1/destinations/intake-crm/leads', { lead: { id: 'x' } }, {});
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe('UNAUTHORIZED');
    expect((await post('/v1/destinations/intake-crm/leads', { lead: { id: 'x' } }, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await get('/v1/deliveries/whatever', { 'x-api-key': `${KEY}x` })).status).toBe(401);
  });

  it('rejects an invalid body with every problem by path, and starts nothing', async () => {
    const res = await post('/v1/destinations/intake-crm/leads', { lead: [1, 2], deliveryId: 'has spaces', extra: 1 });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('BODY_INVALID');
    expect(error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['deliveryId', 'extra', 'lead']);
    const notJson = await fetch(`${base}/v1/destinations/intake-crm/leads`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{oops' });
    expect(notJson.status).toBe(400);
  });

  // Issue 21: an API client was told to check a misspelt key "against the README".
  it('names the key a misspelt one most likely meant, and where the API is described', async () => {
    const res = await post('/v1/destinations/intake-crm/leads', { lead: { id: 'typo-1' }, delivery_id: 'typo-1' });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.issues).toEqual([{ path: 'delivery_id', message: 'unknown option: did you mean `deliveryId`? (every option is listed in GET /openapi.json)' }]);
    expect(JSON.stringify(error)).not.toContain('README');
  });

  it('answers 404 for an unknown destination or delivery', async () => {
    const res = await post('/v1/destinations/nope/leads', { lead: { id: '1' } });
    expect(res.status).toBe(404);
    const { message } = (await res.json()).error;
    expect(message).toMatch(/No destination named "nope"/);
    // A caller learns how to find the right name, not which destinations this server has.
    expect(message).toMatch(/ask the operator/);
    for (const name of ['Intake CRM', 'Intake Down', 'Intake Batch', 'intake-crm', 'intake-down', 'intake-batch']) expect(message).not.toContain(name);
    expect((await get('/v1/deliveries/does-not-exist')).status).toBe(404);
  });

  it('shows a waiting delivery live, then retries, abandons and cancels through operator routes', async () => {
    const start = async (id: string) => (await (await post('/v1/destinations/intake-down/leads', { lead: { id, email: 'b@example.com' } })).json()).deliveryId as string;
    const [a, c] = await Promise.all([start(`down-a-${Date.now()}`), start(`down-c-${Date.now()}`)]);
    await until('the delivery waiting to retry', async () => (await (await get(`/v1/deliveries/${a}`)).json()).state === 'waiting-to-retry');
    const live = await (await get(`/v1/deliveries/${a}`)).json();
    expect(live).toMatchObject({ status: 'RUNNING', state: 'waiting-to-retry', lastErrorCode: 'HTTP_503' });

    const retried = await post(`/v1/deliveries/${a}/retry`, { requestedBy: 'api-test' });
    expect(retried.status).toBe(202);
    await until('a second attempt after the retry', async () => (await (await get(`/v1/deliveries/${a}`)).json()).attempts?.length >= 2);

    expect((await post(`/v1/deliveries/${a}/abandon`, {})).status).toBe(400);
    expect((await post(`/v1/deliveries/${a}/abandon`, { reason: 'CRM is down for the day', requestedBy: 'api-test' })).status).toBe(202);
    const abandoned = await harness.client.result(a);
    expect(abandoned.outcome).toBe('error');
    expect(abandoned.reason).toMatch(/Given up by an operator: CRM is down for the day/);

    expect((await post(`/v1/deliveries/${c}/cancel`, {})).status).toBe(202);
    expect((await harness.client.result(c)).outcome).toBe('cancelled');
    expect((await post(`/v1/deliveries/${c}/retry`, {})).status).toBe(409);
  });

  it('serves an OpenAPI document generated from the request schemas', async () => {
    const res = await fetch(`${base}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.0.3');
    const body = doc.paths['/v1/destinations/{name}/leads'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['lead']);
    expect(Object.keys(body.properties)).toEqual(['lead', 'deliveryId']);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/deliveries/{id}', '/v1/deliveries/{id}/retry', '/v1/deliveries/{id}/abandon', '/v1/deliveries/{id}/cancel']));
  });

  it('loads destinations from a directory by slug and file name', async () => {
    const map = await loadDestinationsDir('examples/destinations');
    expect(map.get('demo-crm')?.name).toBe('Demo CRM');
    expect(map.get('demo-flaky-crm')?.name).toBe('Demo Flaky CRM');
  });
});
