import { createHash, createHmac } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { verifyHmacSignature, verifyStandardWebhook } from '../../src/verify/index.js';
import { exampleDestination, exampleLead } from '../helpers/example-destination.js';
import { deadUrl, startRawServer, type RawServer } from '../helpers/request-servers.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';
import type { Lead } from '../../src/core/lead/lead.js';
import { secretEnv } from '../helpers/granted-secrets.js';

// Secret values the worker's environment holds; chosen with characters that need encoding.
const API_KEY = 'key-4f9&z=1 x';
const API_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.tok';
const API_PASSWORD = 'p@ss:word';
const WEBHOOK_SECRET = 'hmac-secret-81f3';
const WHSEC_NEW = `whsec_${Buffer.from('new-key-0123456789abcdef').toString('base64')}`;
const WHSEC_OLD = `whsec_${Buffer.from('old-key-0123456789abcdef').toString('base64')}`;
const HASH_SECRET = 'hash-salt-55';
const OAUTH_CLIENT_SECRET = 'client-secret-77';

let harness: Harness;
let receiver: Receiver;
let jane: Lead;
let low: Lead;
let n = 0;

beforeAll(async () => {
  [harness, receiver, jane, low] = await Promise.all([
    startHarness({
      env: secretEnv({ API_KEY, API_TOKEN, API_PASSWORD, WEBHOOK_SECRET, WEBHOOK_SECRET_NEW: WHSEC_NEW, WEBHOOK_SECRET_OLD: WHSEC_OLD, HASH_SECRET, OAUTH_CLIENT_SECRET }),
    }),
    startReceiver(),
    exampleLead('jane-roe'),
    exampleLead('low-score'),
  ]);
});
afterAll(async () => {
  await harness?.close();
  await receiver?.close();
});
beforeEach(() => receiver.clear());

/** Delivers an example to the receiver through a real workflow and returns the result and the one request received. */
async function deliver(example: string, lead: Lead = jane, extra: Record<string, unknown> = {}) {
  const destination = await exampleDestination(example, receiver.url, extra);
  const result = await harness.client.deliver(destination, lead, { deliveryId: `${example}-${Date.now()}-${++n}` });
  return { result, req: receiver.requests.at(-1)! };
}

const janeJson = () => JSON.parse(JSON.stringify(jane)) as Record<string, unknown>;

describe('Authentication Methods examples, through a real workflow', () => {
  it('API key in a header', async () => {
    const { result, req } = await deliver('request-api-key-header');
    expect(result.outcome).toBe('success');
    expect(req.headers['x-api-key']).toBe(API_KEY);
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({ email: 'jane+crm@example.com', phone: '5559876543' });
  });

  it('API key in the query string, percent-encoded', async () => {
    const { result, req } = await deliver('request-api-key-query');
    expect(result.outcome).toBe('success');
    expect(req.url).toBe(`/leads?api_key=${encodeURIComponent(API_KEY).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    expect(new URL(req.url, 'http://x').searchParams.get('api_key')).toBe(API_KEY);
    // Credential query parameters are redacted in records, whatever they hold.
    expect(result.attempts[0]!.url).toContain('api_key=[redacted]');
  });

  it('custom header combination', async () => {
    const { req } = await deliver('request-custom-header');
    expect(req.headers.authorization).toBe(`ApiKey ${API_KEY}`);
    expect(req.headers['x-customer-id']).toBe('12345');
  });

  it('bearer token', async () => {
    const { req } = await deliver('request-bearer');
    expect(req.headers.authorization).toBe(`Bearer ${API_TOKEN}`);
  });

  it('basic auth from auth: { username, password }', async () => {
    const { req } = await deliver('request-basic-auth');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`myuser:${API_PASSWORD}`).toString('base64')}`);
  });

  it('HMAC: hex HMAC-SHA256 of the exact body with a fresh timestamp on every attempt', async () => {
    const before = Date.now();
    const destination = await exampleDestination('request-hmac', receiver.url, { retry: { max_attempts: 2, delay: 30 } });
    destination.url = `${receiver.url}/leads?fail=1&fail_status=503`;
    const result = await harness.client.deliver(destination, jane, { deliveryId: `hmac-${Date.now()}` });
    expect(result.attempts.map((a) => a.status)).toEqual([503, 200]);
    expect(receiver.requests).toHaveLength(2);
    for (const req of receiver.requests) {
      const expected = createHmac('sha256', WEBHOOK_SECRET).update(Buffer.from(req.body, 'utf8')).digest('hex');
      expect(req.headers['x-signature']).toBe(expected);
      const ts = Number(req.headers['x-timestamp']);
      expect(ts).toBeGreaterThanOrEqual(before);
      expect(ts).toBeLessThanOrEqual(Date.now());
      expect(verifyHmacSignature(req.body, { secret: WEBHOOK_SECRET, signature: req.headers['x-signature']!, timestamp: req.headers['x-timestamp']! })).toBe(true);
    }
    const [first, second] = receiver.requests;
    expect(Number(second!.headers['x-timestamp'])).toBeGreaterThan(Number(first!.headers['x-timestamp']));
  });

  it('Standard Webhooks: v1 signatures over id.timestamp.body with both rotation secrets', async () => {
    const { result, req } = await deliver('request-standard-webhooks');
    expect(result.outcome).toBe('success');
    expect(req.headers['webhook-id']).toBe(result.deliveryId);
    const ts = req.headers['webhook-timestamp']!;
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
    const sig = (secret: string) =>
      `v1,${createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${req.headers['webhook-id']}.${ts}.${req.body}`).digest('base64')}`;
    expect(req.headers['webhook-signature']).toBe(`${sig(WHSEC_NEW)} ${sig(WHSEC_OLD)}`);
    expect(verifyStandardWebhook(req.body, req.headers, { secrets: WHSEC_OLD })).toBe(true);
  });

  describe('OAuth2 client credentials', () => {
    let tokenServer: RawServer;
    let api: RawServer;
    let issued = 0;
    let valid = 'tok-1';
    beforeAll(async () => {
      tokenServer = await startRawServer(() => ({ status: 200, body: { access_token: `tok-${++issued}`, token_type: 'Bearer', expires_in: 3600 } }));
      api = await startRawServer((req) => (req.headers.authorization === `Bearer ${valid}` ? { status: 200, body: { status: 'success' } } : { status: 401, body: { error: 'invalid_token' } }));
    });
    afterAll(async () => {
      await tokenServer?.close();
      await api?.close();
    });

    it('fetches a token once, reuses it, and refreshes it once on a 401', async () => {
      const destination = await exampleDestination('request-oauth2', api.url, {}, { 'http://127.0.0.1:8787/oauth/token': `${tokenServer.url}/oauth/token` });
      const first = await harness.client.deliver(destination, jane, { deliveryId: `oauth-a-${Date.now()}` });
      const second = await harness.client.deliver(destination, low, { deliveryId: `oauth-b-${Date.now()}` });
      expect([first.outcome, second.outcome]).toEqual(['success', 'success']);
      expect(tokenServer.requests).toHaveLength(1);
      const tokenReq = tokenServer.requests[0]!;
      expect(tokenReq.headers.authorization).toBe(`Basic ${Buffer.from(`leadwire:${OAUTH_CLIENT_SECRET}`).toString('base64')}`);
      expect(Object.fromEntries(new URLSearchParams(tokenReq.body.toString()))).toEqual({ grant_type: 'client_credentials', scope: 'leads:write' });
      expect(api.requests.map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1']);

      valid = 'tok-2'; // the API revokes tok-1
      const third = await harness.client.deliver(destination, jane, { deliveryId: `oauth-c-${Date.now()}` });
      expect(third.outcome).toBe('success');
      expect(tokenServer.requests).toHaveLength(2);
      expect(api.requests.slice(2).map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    });
  });
});

describe('Request Configuration examples, through a real workflow', () => {
  it('JSON payload with nested fields and types kept', async () => {
    const { req } = await deliver('request-json');
    expect(req.body).toBe('{"email":"jane+crm@example.com","phone":"5559876543","firstName":"Jane","lastName":"O\'Brien & <Sons>","customFields":{"source":"landing-page","score":85}}');
  });

  it('form url-encoded: percent-encoding, repeated keys, nested names, numbers as given', async () => {
    const { req } = await deliver('request-form');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.body).toBe('email=jane%2Bcrm%40example.com&phone=5559876543&firstName=Jane&price=12.50&interest=solar&interest=roofing&utm%5Bsource%5D=landing-page');
  });

  it('XML from the guide template, every value escaped', async () => {
    const { result, req } = await deliver('request-xml-template');
    expect(result.outcome).toBe('success');
    expect(req.headers['content-type']).toBe('application/xml');
    expect(req.body).toContain('<last>O&apos;Brien &amp; &lt;Sons&gt;</last>');
    const doc = new XMLParser({ parseTagValue: false }).parse(req.body);
    expect(doc.lead).toEqual({ email: 'jane+crm@example.com', phone: '5559876543', name: { first: 'Jane', last: "O'Brien & <Sons>" } });
  });

  it('XML from a mapping, with attributes', async () => {
    const { req } = await deliver('request-xml-mapping');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false }).parse(req.body);
    expect(doc.lead['@id']).toBe('lead-2002');
    expect(doc.lead['@source']).toBe('leadwire');
    expect(doc.lead.name.last).toBe("O'Brien & <Sons>");
    expect(doc.lead.interest).toEqual(['solar', 'roofing']);
  });

  it('CSV line, quoted per RFC 4180 where needed', async () => {
    const { req } = await deliver('request-csv', { ...jane, first_name: 'Jane "JJ", Jr' });
    expect(req.headers['content-type']).toBe('text/csv');
    expect(req.body).toBe('jane+crm@example.com,5559876543,"Jane ""JJ"", Jr",O\'Brien & <Sons>');
  });

  it('pipe-delimited', async () => {
    const { req } = await deliver('request-pipe');
    expect(req.body).toBe("jane+crm@example.com|5559876543|Jane|O'Brien & <Sons>|85");
  });

  it('fixed width: padded and cut', async () => {
    const { req } = await deliver('request-fixed-width', { ...jane, first_name: 'J'.repeat(40) });
    expect(req.body).toHaveLength(95);
    expect(req.body).toBe('jane+crm@example.com'.padEnd(50) + '5559876543'.padEnd(15) + 'J'.repeat(30));
  });

  it('any text template', async () => {
    const { req } = await deliver('request-text-template');
    expect(req.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(req.body).toBe('LEAD lead-2002;JANE+CRM@EXAMPLE.COM;12.50');
  });

  it('GET with the mapped fields as query parameters', async () => {
    const { req } = await deliver('request-get-query');
    expect(req.method).toBe('GET');
    expect(req.body).toBe('');
    expect(req.url).toBe('/leads/lookup?email=jane%2Bcrm%40example.com&phone=5559876543&score=85');
  });

  it('gzip-compressed body with Content-Encoding: gzip', async () => {
    const raw = await startRawServer();
    try {
      const destination = await exampleDestination('request-gzip', raw.url);
      const result = await harness.client.deliver(destination, jane, { deliveryId: `gzip-${Date.now()}` });
      expect(result.outcome).toBe('success');
      const req = raw.requests[0]!;
      expect(req.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(req.body).toString('utf8')).toBe('{"email":"jane+crm@example.com","phone":"5559876543"}');
    } finally {
      await raw.close();
    }
  });
});

describe('Advanced Patterns examples, through a real workflow', () => {
  it('routes by lead type: first match wins, url is the default', async () => {
    expect((await deliver('request-route-by-type', jane)).req.url).toBe('/sales/leads');
    expect((await deliver('request-route-by-type', low)).req.url).toBe('/marketing/leads');
  });

  it('URL from lead fields, values percent-encoded', async () => {
    expect((await deliver('request-route-by-region')).req.url).toBe('/us%20east/leads');
    expect((await deliver('request-route-by-region', { ...jane, region: '../admin?x=1' })).req.url).toBe('/..%2Fadmin%3Fx%3D1/leads');
  });

  it('load balancing: round robin over three endpoints, recorded in the attempt log', async () => {
    const paths: string[] = [];
    const endpoints: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { result, req } = await deliver('request-load-balancing');
      paths.push(req.url);
      endpoints.push(result.attempts[0]!.endpoint!);
    }
    expect([...paths].sort()).toEqual(['/api1/leads', '/api2/leads', '/api3/leads']);
    expect(endpoints.every((e) => /^[123] of 3 \(round_robin\)$/.test(e))).toBe(true);
  });

  it('load balancing: a refused connection fails over to the next endpoint', async () => {
    const dead = await deadUrl();
    const destination = await exampleDestination('request-load-balancing', receiver.url, { endpoint_strategy: 'in_order' }, { 'http://127.0.0.1:8787/api1': `${dead}/api1` });
    const result = await harness.client.deliver(destination, jane, { deliveryId: `failover-${Date.now()}` });
    expect(result.outcome).toBe('success');
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]!.endpoint).toBe('2 of 3 (in_order), after 1 failed with CONNECTION_REFUSED');
    expect(receiver.requests.map((r) => r.url)).toEqual(['/api2/leads']);
  });

  it('enrichment: the whole lead plus metadata', async () => {
    const { result, req } = await deliver('request-enrichment');
    const body = JSON.parse(req.body);
    expect(body).toEqual({
      ...janeJson(),
      metadata: { source: 'leadwire', timestamp: expect.any(String), flow_id: 'Enriched CRM', event_id: result.deliveryId },
    });
    expect(new Date(body.metadata.timestamp).toISOString()).toBe(body.metadata.timestamp);
  });

  it('enrichment: a verification hash of the canonical lead and a secret', async () => {
    const { req } = await deliver('request-hash');
    const body = JSON.parse(req.body);
    const sorted = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
    expect(body.hash).toBe(createHash('sha256').update(JSON.stringify(sorted(jane)) + HASH_SECRET).digest('hex'));
    expect({ ...body, hash: undefined }).toEqual({ ...janeJson(), hash: undefined });
  });

  it('skips a low-score lead with the reason, sending nothing', async () => {
    const { result } = await deliver('request-skip-low-score', low);
    expect(result.outcome).toBe('skipped');
    expect(result.reason).toBe('Score too low for API');
    expect(result.attempts).toEqual([]);
    expect(receiver.requests).toHaveLength(0);
    expect((await deliver('request-skip-low-score', jane)).result.outcome).toBe('success');
  });

  it('business hours in New York decide the endpoint, from the activity clock', async () => {
    const nyHour = () => Number(new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
    const route = (hour: number) => (hour < 9 || hour > 17 ? '/after-hours' : '/leads');
    const before = nyHour();
    const { req } = await deliver('request-business-hours');
    // A delivery that straddles the top of an hour may see either hour.
    expect([route(before), route(nyHour())]).toContain(req.url);
  });
});
