import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFlow } from '../../src/config/load-flow.js';
import { parseDestination } from '../../src/config/parse-destination.js';
import type { Flow } from '../../src/config/loaded-flow.js';
import { capWorkflowIdFor, childDeliveryIdFor } from '../../src/core/flows/flow-ids.js';
import { createIntakeApp } from '../../src/intake/intake-app.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { sendRaw } from '../helpers/raw-http.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';
import type { FlowResult } from '../../src/core/flows/flow-result.js';

let harness: Harness;
let receiver: Receiver;
let app: FastifyInstance;
let base: string;
let capped: Flow;
const KEY = 'flow-intake-key';
const auth = { authorization: `Bearer ${KEY}` };
const t = randomUUID().slice(0, 8);

beforeAll(async () => {
  [harness, receiver] = await Promise.all([startHarness(), startReceiver()]);
  const flow = await parseFlow({
    name: `Intake Auction ${t}`,
    strategy: 'ping_post',
    // Both buyers answer, and the auction closes when the last does: a slow machine cannot make one late.
    ping_timeout: 120_000,
    buyers: ['a', 'b'].map((who, i) => ({
      name: `${who}-${t}`,
      ping: { name: `${who} ping`, url: `${receiver.url}/ping?bid=${10 + i}&buyer=${who}`, allow_insecure_http: true, price: 'bid', retry: { max_attempts: 1 } },
      destination: { name: `${who} post`, url: `${receiver.url}/leads?buyer=${who}`, allow_insecure_http: true, retry: { max_attempts: 1 } },
    })),
  });
  capped = await parseFlow({
    name: `Intake Capped ${t}`,
    strategy: 'in_order',
    buyers: [{ name: `acme-${t}`, caps: { per_day: 1 }, destination: { name: 'acme post', url: `${receiver.url}/leads?buyer=capped-${t}`, allow_insecure_http: true, retry: { max_attempts: 1 } } }],
  });
  const crm = parseDestination({ name: `Intake CRM ${t}`, url: `${receiver.url}/leads?to=crm-${t}`, allow_insecure_http: true, retry: { max_attempts: 1 } });
  app = createIntakeApp({ client: harness.client, destinations: new Map([['crm', crm]]), flows: new Map([['auction', flow], ['capped', capped]]), apiKeys: [KEY] });
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

describe('intake API: flows', () => {
  it('distributes a lead through a flow: 202 with the distribution id, then its result; a repeat is the same distribution', async () => {
    const lead = { id: `in-${t}`, email: 'a@example.com' };
    const first = await post('/v1/flows/auction/leads', { lead });
    expect(first.status).toBe(202);
    const started = await first.json();
    const id = `flow-intake-auction-${t}--in-${t}`;
    expect(started).toEqual({ distributionId: id, leadId: lead.id, flow: `Intake Auction ${t}`, started: true, statusUrl: `/v1/distributions/${id}` });
    expect(first.headers.get('location')).toBe(`/v1/distributions/${id}`);
    await harness.temporal.workflow.getHandle(id).result();
    const done = await (await get(`/v1/distributions/${id}`)).json();
    expect(done).toMatchObject({ distributionId: id, status: 'COMPLETED', outcome: 'sold', result: { winner: `b-${t}`, salePrice: 11 } });
    const again = await post('/v1/flows/auction/leads', { lead });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await again.json()).started).toBe(false);
    expect(receiver.requests.filter((r) => r.url.startsWith('/leads'))).toHaveLength(1);
  });

  it('answers 404 for an unknown flow or distribution, 400 with the path for a bad body', async () => {
    const unknown = await post('/v1/flows/nope/leads', { lead: { id: 'x' } });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('FLOW_NOT_FOUND');
    expect((await get('/v1/distributions/nope')).status).toBe(404);
    const bad = await post('/v1/flows/auction/leads', { lead: [1], extra: true });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['extra', 'lead']);
  });

  it('needs a key, as the destination routes do, however the path is written', async () => {
    for (const target of ['/v1/flows/auction/leads', '/%761/flows/auction/leads', 'http://x/v1/flows/auction/leads', '/v1/x/../flows/auction/leads']) {
      const res = await sendRaw(Number(new URL(base).port), { method: 'POST', target, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lead: { id: `intruder-${t}` } }) });
      expect(res.status, target).toBe(401);
    }
    for (const target of ['/v1/distributions/x', '/%761/distributions/x']) {
      expect((await sendRaw(Number(new URL(base).port), { method: 'GET', target, headers: {} })).status, target).toBe(401);
    }
    expect(receiver.requests.some((r) => r.body.includes('intruder'))).toBe(false);
  });

  it('lists the flow routes in the OpenAPI document', async () => {
    const doc = await (await get('/openapi.json', {})).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/flows/{name}/leads', '/v1/distributions/{id}']));
    expect(Object.keys(doc.paths['/v1/flows/{name}/leads'].post.requestBody.content['application/json'].schema.properties)).toEqual(['lead', 'distributionId']);
  });
});

describe('intake API: operator actions touch deliveries only, and ids stay leadwire\'s', () => {
  const distribute = async (leadId: string) => {
    const res = await post('/v1/flows/capped/leads', { lead: { id: leadId } });
    expect(res.status).toBe(202);
    const { distributionId } = await res.json();
    return { distributionId, result: (await harness.temporal.workflow.getHandle(distributionId).result()) as FlowResult };
  };

  it('refuses to cancel, retry, abandon or read a buyer\'s cap workflow: the cap holds, and a buyer capped at 1 a day is sold 1 lead', async () => {
    const first = await distribute(`cap-1-${t}`);
    expect(first.result.soldTo).toEqual([`acme-${t}`]);
    const capId = capWorkflowIdFor(`acme-${t}`);
    const path = `/v1/deliveries/${encodeURIComponent(capId)}`;
    for (const res of [await post(`${path}/cancel`, {}), await post(`${path}/retry`, {}), await post(`${path}/abandon`, { reason: 'reset the cap' }), await get(path)]) {
      expect(res.status).toBe(404);
      const { error } = await res.json();
      expect(error.code).toBe('DELIVERY_NOT_FOUND');
      expect(error.message).toMatch(/ids shaped cap:… belong to a buyer's caps, never to a delivery/);
    }
    expect((await harness.temporal.workflow.getHandle(capId).describe()).status.name).toBe('RUNNING');
    const second = await distribute(`cap-2-${t}`);
    expect(second.result.outcome).toBe('unsold');
    expect(second.result.buyers[0]!.skipped).toMatch(/^cap reached: 1 per day/);
    expect(receiver.requests.filter((r) => r.url.includes(`buyer=capped-${t}`))).toHaveLength(1);
    // A distribution is not a delivery either: its status lives at /v1/distributions/{id}.
    const asDelivery = await get(`/v1/deliveries/${encodeURIComponent(first.distributionId)}`);
    expect(asDelivery.status).toBe(404);
    expect((await asDelivery.json()).error.code).toBe('DELIVERY_NOT_FOUND');
  });

  it('refuses a delivery or distribution id shaped like one of leadwire\'s own workflows, before anything starts', async () => {
    const futurePost = childDeliveryIdFor(`flow-intake-capped-${t}--L9-${t}`, `acme-${t}`, 'post');
    for (const deliveryId of [capWorkflowIdFor(`acme-${t}`), `x-${t}--ping`, futurePost, `batcher--crm-${t}`]) {
      const res = await post('/v1/destinations/crm/leads', { lead: { id: `squat-${t}` }, deliveryId });
      expect(res.status, deliveryId).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe('ID_RESERVED');
      expect(error.message).toContain('which leadwire keeps for');
    }
    const distribution = await post('/v1/flows/capped/leads', { lead: { id: `squat-${t}` }, distributionId: `cap:acme-${t}` });
    expect(distribution.status).toBe(400);
    expect((await distribution.json()).error.code).toBe('ID_RESERVED');
    // A lead id that would bend the derived delivery id into a post's id is refused the same way.
    const bent = await post('/v1/destinations/crm/leads', { lead: { id: `L9--acme--post` } });
    expect(bent.status).toBe(400);
    expect(receiver.requests.filter((r) => r.url.includes(`to=crm-${t}`))).toHaveLength(0);
    const ordinary = await post('/v1/destinations/crm/leads', { lead: { id: `fine-${t}` }, deliveryId: `mine:${t}` });
    expect(ordinary.status).toBe(202);
  });

  it('two leads whose ids share their first 255 characters are two deliveries, not one and a duplicate', async () => {
    const shared = `long-${t}-${'x'.repeat(420)}`;
    const started = [];
    for (const end of ['a', 'b']) {
      const res = await post('/v1/destinations/crm/leads', { lead: { id: `${shared}-${end}` } });
      expect(res.status).toBe(202);
      started.push(await res.json());
    }
    expect(started.map((s) => s.started)).toEqual([true, true]);
    expect(started[0].deliveryId).not.toBe(started[1].deliveryId);
  });
});
