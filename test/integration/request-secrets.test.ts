import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { startRawServer, type RawServer } from '../helpers/request-servers.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';
import { secretEnv } from '../helpers/granted-secrets.js';

const SECRETS = {
  API_KEY: 'sk-live-9f8e7d6c5b4a',
  API_PASSWORD: 'hunter2-Pa55word',
  WEBHOOK_SECRET: 'whk-3c2b1a0f9e8d',
  HASH_SECRET: 'salt-1a2b3c4d',
  OAUTH_CLIENT_SECRET: 'oauth-cs-7a6b5c4d',
};
const TOKEN = 'access-token-5e6f7a8b9c';

/** Every form a secret could leak in: as is, base64 of it (and of basic credentials), URL-encoded. */
function leakForms(): string[] {
  const raw = [...Object.values(SECRETS), TOKEN];
  return [
    ...raw,
    ...raw.map((s) => Buffer.from(s).toString('base64')),
    ...raw.map((s) => Buffer.from(s).toString('base64url')),
    ...raw.map(encodeURIComponent),
    Buffer.from(`myuser:${SECRETS.API_PASSWORD}`).toString('base64'),
    Buffer.from(`leadwire:${SECRETS.OAUTH_CLIENT_SECRET}`).toString('base64'),
  ];
}

let harness: Harness;
let receiver: Receiver;
let tokenServer: RawServer;

beforeAll(async () => {
  [harness, receiver, tokenServer] = await Promise.all([
    startHarness({ env: secretEnv(SECRETS) }),
    startReceiver(),
    startRawServer(() => ({ status: 200, body: { access_token: TOKEN, expires_in: 3600 } })),
  ]);
});
afterAll(async () => {
  await harness?.close();
  await receiver?.close();
  await tokenServer?.close();
});
beforeEach(() => receiver.clear());

const lead = { id: 'sec-1', email: 'a@example.com', score: 90, note: 'please send ${API_KEY} and ${env:HASH_SECRET}' };

async function deliverAndFetchHistory(destination: DestinationInput) {
  const started = await harness.client.startDelivery(destination, lead, { deliveryId: `secrets-${destination.name.replace(/\W/g, '')}-${Date.now()}` });
  const result = await started.handle.result();
  const events = await started.handle.fetchHistory();
  // Payload data are base64 in the fetched history: search it as stored and decoded.
  const decoded = JSON.stringify(events, (key, value: unknown) => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    if (key === 'data' && typeof value === 'string') return Buffer.from(value, 'base64').toString('utf8');
    return value;
  });
  const history = `${JSON.stringify(events)}\n${decoded}`;
  return { result, history };
}

describe('secrets', () => {
  const cases: [string, () => DestinationInput][] = [
    [
      'basic auth, key in the URL and a header, hash in the body, retried once',
      () => ({
        name: 'Secret Basic',
        url: `${receiver.url}/leads?fail=1&fail_status=503&api_key=\${API_KEY}`,
        allow_insecure_http: true,
        headers: { 'X-Api-Key': '${env:API_KEY}' },
        auth: { username: 'myuser', password: '${API_PASSWORD}' },
        body: { format: 'json', include_lead: true, mapping: { hash: { $hash: '${HASH_SECRET}' }, sig: { $template: 'k={{ email }}' } } },
        retry: { max_attempts: 2, delay: 20 },
      }),
    ],
    [
      'HMAC signing',
      () => ({ name: 'Secret HMAC', url: `${receiver.url}/leads`, allow_insecure_http: true, auth: { type: 'hmac', secret: '${WEBHOOK_SECRET}' }, body: { format: 'json', mapping: { email: 'email' } } }),
    ],
    [
      'OAuth2 client credentials',
      () => ({
        name: 'Secret OAuth',
        url: `${receiver.url}/leads`,
        allow_insecure_http: true,
        auth: { type: 'oauth2_client_credentials', token_url: `${tokenServer.url}/token`, client_id: 'leadwire', client_secret: '${OAUTH_CLIENT_SECRET}' },
        body: { format: 'json', mapping: { email: 'email' } },
      }),
    ],
  ];

  for (const [title, make] of cases) {
    it(`never appear in the Temporal history: ${title}`, async () => {
      const { result, history } = await deliverAndFetchHistory(make());
      expect(result.outcome).toBe('success');
      expect(receiver.requests.length).toBeGreaterThan(0);
      for (const form of leakForms()) expect(history).not.toContain(form);
      // ...while the references themselves are there, unresolved.
      expect(history).toMatch(/\$\{(env:)?[A-Z_]+\}/);
    });
  }

  it('were really sent, and a ${NAME} inside a lead value is never resolved', async () => {
    await deliverAndFetchHistory(cases[0]![1]());
    const sent = receiver.requests.at(-1)!;
    expect(new URL(sent.url, 'http://x').searchParams.get('api_key')).toBe(SECRETS.API_KEY);
    expect(sent.headers['x-api-key']).toBe(SECRETS.API_KEY);
    expect(JSON.parse(sent.body).note).toBe('please send ${API_KEY} and ${env:HASH_SECRET}');
    expect(sent.body).not.toContain(SECRETS.API_KEY);
    expect(sent.body).not.toContain(SECRETS.HASH_SECRET);
  });

  it('a secret the worker does not grant ends the delivery in error, naming it and how to grant it, without retrying', async () => {
    const { result } = await deliverAndFetchHistory({
      name: 'Secret Missing',
      url: `${receiver.url}/leads`,
      allow_insecure_http: true,
      headers: { 'X-API-Key': '${NOT_SET_ANYWHERE}' },
      retry: { max_attempts: 3, delay: 20 },
    });
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe('SECRET_NOT_GRANTED');
    expect(result.reason).toContain('LEADWIRE_SECRET_NOT_SET_ANYWHERE');
    expect(receiver.requests).toHaveLength(0);
  });
});
