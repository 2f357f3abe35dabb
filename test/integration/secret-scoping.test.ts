import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { startRawServer, type RawServer } from '../helpers/request-servers.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';

// Variables a worker really has that no destination may read.
const TEMPORAL_API_KEY = 'tmprl-api-key-0a1b2c3d4e5f';
const CODEC_KEYS = 'k1:c2VjcmV0LWNvZGVjLWtleS1ub3QtZm9yLWRlc3RpbmF0aW9ucw==';
const ACME_VALUE = 'acme-scoped-6f5e4d3c';
const LOCAL_VALUE = 'loopback-only-9a8b7c6d';
const MOUNTED_VALUE = 'mounted-file-1f2e3d4c';
const SHARED_VALUE = 'shared-prefix-5b6c7d8e';
const TOKEN_SECRET = 'token-host-only-2c3d4e5f';
const ALL_VALUES = [TEMPORAL_API_KEY, CODEC_KEYS, ACME_VALUE, LOCAL_VALUE, MOUNTED_VALUE, SHARED_VALUE, TOKEN_SECRET];

let harness: Harness;
let receiver: Receiver;
let tokenServer: RawServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadwire-secrets-'));
  // As a secret manager mounts it: one value per file, with a trailing newline.
  await writeFile(join(dir, 'mounted_key'), `${MOUNTED_VALUE}\n`);
  await writeFile(
    join(dir, 'secrets.yaml'),
    [
      'secrets:',
      '  ACME_KEY:',
      '    from_env: ACME_API_KEY',
      '    destinations: [acme-crm]',
      '  LOCAL_KEY:',
      '    from_env: LOCAL_API_KEY',
      '    hosts: [127.0.0.1]',
      '  MOUNTED_KEY:',
      '    from_file: mounted_key',
      '    destinations: ["mounted-*"]',
      '  TOKEN_SECRET:',
      '    from_env: OAUTH_SECRET_VAR',
      '    hosts: [localhost]',
      '',
    ].join('\n'),
  );
  [harness, receiver, tokenServer] = await Promise.all([
    startHarness({
      env: {
        TEMPORAL_API_KEY,
        LEADWIRE_CODEC_KEYS: CODEC_KEYS,
        ACME_API_KEY: ACME_VALUE,
        LOCAL_API_KEY: LOCAL_VALUE,
        OAUTH_SECRET_VAR: TOKEN_SECRET,
        LEADWIRE_SECRET_SHARED_KEY: SHARED_VALUE,
        LEADWIRE_SECRETS_FILE: join(dir, 'secrets.yaml'),
      },
    }),
    startReceiver(),
    startRawServer(() => ({ status: 200, body: { access_token: 'tok-abc', expires_in: 3600 } })),
  ]);
});
afterAll(async () => {
  await harness?.close();
  await receiver?.close();
  await tokenServer?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => receiver.clear());

const lead = { id: 'scope-1', email: 'a@example.com' };

async function deliver(destination: DestinationInput) {
  const started = await harness.client.startDelivery(destination, lead, { deliveryId: `scope-${destination.name.replace(/\W/g, '')}-${Date.now()}` });
  const result = await started.handle.result();
  const events = await started.handle.fetchHistory();
  const decoded = JSON.stringify(events, (key, value: unknown) => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    if (key === 'data' && typeof value === 'string') return Buffer.from(value, 'base64').toString('utf8');
    return value;
  });
  return { result, history: `${JSON.stringify(events)}\n${decoded}` };
}

/** Whatever the receiver saw, as one string: URL, headers and body of every request. */
const seen = () => JSON.stringify(receiver.requests);

function expectNeverSent(history: string) {
  for (const value of ALL_VALUES) {
    expect(seen()).not.toContain(value);
    expect(history).not.toContain(value);
  }
}

describe('a destination cannot read what the worker does not grant it', () => {
  it("the worker's own TEMPORAL_API_KEY is not a secret a destination can use", async () => {
    const { result, history } = await deliver({
      name: 'Exfil Temporal',
      url: `${receiver.url}/leads`,
      allow_insecure_http: true,
      headers: { 'X-Steal': '${TEMPORAL_API_KEY}' },
      retry: { max_attempts: 3, delay: 20 },
    });
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe('SECRET_NOT_GRANTED');
    expect(result.reason).toContain('LEADWIRE_SECRET_TEMPORAL_API_KEY');
    expect(result.reason).toContain('exfil-temporal');
    expect(receiver.requests).toHaveLength(0);
    expectNeverSent(history);
  });

  it('nor LEADWIRE_CODEC_KEYS, in a body template', async () => {
    const { result, history } = await deliver({
      name: 'Exfil Codec',
      url: `${receiver.url}/leads`,
      allow_insecure_http: true,
      body: { format: 'text', template: 'keys={{ email }} ${env:LEADWIRE_CODEC_KEYS}' },
    });
    expect(result.errorCode).toBe('SECRET_NOT_GRANTED');
    expect(result.reason).toContain('LEADWIRE_CODEC_KEYS');
    expect(receiver.requests).toHaveLength(0);
    expectNeverSent(history);
  });

  it("nor another destination's scoped secret, by its name or by the variable behind it", async () => {
    for (const ref of ['${ACME_KEY}', '${ACME_API_KEY}']) {
      const { result, history } = await deliver({ name: 'Other CRM', url: `${receiver.url}/leads?k=${ref}`, allow_insecure_http: true });
      expect(result.errorCode).toBe('SECRET_NOT_GRANTED');
      expectNeverSent(history);
    }
    const { result } = await deliver({ name: 'Other CRM', url: `${receiver.url}/leads`, allow_insecure_http: true, headers: { 'X-Key': '${ACME_KEY}' } });
    // It says which grant is missing and where to add it.
    expect(result.reason).toMatch(/ACME_KEY.*acme-crm/);
    expect(result.reason).toContain('other-crm');
    expect(result.reason).toContain('secrets.yaml');
    expect(receiver.requests).toHaveLength(0);
  });

  it('a host-scoped secret is not sent to a host it is not granted for (localhost is not 127.0.0.1)', async () => {
    const { result, history } = await deliver({
      name: 'Local Only',
      url: `http://localhost:${receiver.port}/leads`,
      allow_insecure_http: true,
      headers: { 'X-Key': '${LOCAL_KEY}' },
    });
    expect(result.errorCode).toBe('SECRET_NOT_GRANTED');
    expect(result.reason).toContain('localhost');
    expect(result.reason).toContain('127.0.0.1');
    expect(receiver.requests).toHaveLength(0);
    expectNeverSent(history);
  });

  it('a template that picks its host from the secret value cannot move a host-scoped secret elsewhere', async () => {
    // Rendered with masks the host is 127.0.0.1 (granted); with the real value it would be localhost.
    // The comment only makes the template load the secret's value.
    const { result, history } = await deliver({
      name: 'Host Switch',
      url: `http://{% if __leadwire_secrets.LOCAL_KEY contains "***" %}127.0.0.1{% else %}localhost{% endif %}:${receiver.port}/leads{% comment %}\${LOCAL_KEY}{% endcomment %}`,
      allow_insecure_http: true,
      body: { format: 'text', template: '${LOCAL_KEY}' },
    });
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe('SECRET_HOST_CHANGED');
    expect(result.reason).toContain('127.0.0.1');
    expect(receiver.requests).toHaveLength(0);
    expectNeverSent(history);
  });

  it('a host-scoped secret does not follow a redirect to a host it is not granted for', async () => {
    const away = encodeURIComponent(`http://localhost:${receiver.port}/leads`);
    const { result, history } = await deliver({
      name: 'Open Redirect',
      url: `http://127.0.0.1:${receiver.port}/redirect?status=307&to=${away}`,
      allow_insecure_http: true,
      follow_redirects: true,
      body: { format: 'text', template: '${LOCAL_KEY}' },
      park: { window: 0 },
    });
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe('REDIRECT_NOT_GRANTED');
    expect(result.reason).toContain('redirect to localhost');
    // The granted host got it; the host it redirected to did not.
    expect(receiver.requests.map((r) => r.url.split('?')[0])).toEqual(['/redirect']);
    expect(history).not.toContain(LOCAL_VALUE);

    // A redirect within the granted host is followed.
    const same = await deliver({
      name: 'Same Host Redirect',
      url: `http://127.0.0.1:${receiver.port}/redirect?status=307&to=/leads`,
      allow_insecure_http: true,
      follow_redirects: true,
      body: { format: 'text', template: '${LOCAL_KEY}' },
    });
    expect(same.result.outcome).toBe('success');
    expect(receiver.requests.at(-1)!.body).toBe(LOCAL_VALUE);
  });

  it("an OAuth2 client secret is granted for the token_url's host, not the API's", async () => {
    const { result, history } = await deliver({
      name: 'Token Scope',
      url: `${receiver.url}/leads`,
      allow_insecure_http: true,
      auth: { type: 'oauth2_client_credentials', token_url: `${tokenServer.url}/token`, client_id: 'leadwire', client_secret: '${TOKEN_SECRET}' },
    });
    expect(result.errorCode).toBe('SECRET_NOT_GRANTED');
    expect(result.reason).toContain('token_url');
    expect(tokenServer.requests).toHaveLength(0);
    expectNeverSent(history);
  });
});

describe('batches are granted the same way', () => {
  const batchOf = (name: string, extra: Partial<DestinationInput>): DestinationInput => ({
    name,
    url: `${receiver.url}/leads`,
    allow_insecure_http: true,
    body: { format: 'json', mapping: { email: 'email' } },
    batch: { size: 2, timeout: 600_000 },
    park: { window: 0 },
    ...extra,
  });
  const twoLeads = (prefix: string) => [0, 1].map((i) => ({ id: `${prefix}-${Date.now()}-${i}`, email: `b${i}@example.com` }));

  it("a batch cannot read the worker's environment either", async () => {
    const started = await harness.client.startDeliveries(batchOf('Batch Exfil', { headers: { 'X-Steal': '${TEMPORAL_API_KEY}' } }), twoLeads('bx'));
    const results = await Promise.all(started.map((s) => s.result()));
    expect(results.map((r) => r.outcome)).toEqual(['error', 'error']);
    for (const r of results) expect(r.reason).toContain('Set LEADWIRE_SECRET_TEMPORAL_API_KEY on the worker');
    expect(receiver.requests).toHaveLength(0);
    expect(seen()).not.toContain(TEMPORAL_API_KEY);
  });

  it('a batch gets a host-scoped secret for its granted host', async () => {
    const started = await harness.client.startDeliveries(batchOf('Batch Local', { headers: { 'X-Key': '${LOCAL_KEY}' } }), twoLeads('bl'));
    const results = await Promise.all(started.map((s) => s.result()));
    expect(results.map((r) => r.outcome)).toEqual(['success', 'success']);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.headers['x-key']).toBe(LOCAL_VALUE);
  });
});

describe('granted secrets are sent', () => {
  it('through the LEADWIRE_SECRET_ prefix, to any destination', async () => {
    const { result, history } = await deliver({ name: 'Prefix CRM', url: `${receiver.url}/leads`, allow_insecure_http: true, headers: { 'X-Key': '${SHARED_KEY}' } });
    expect(result.outcome).toBe('success');
    expect(receiver.requests.at(-1)!.headers['x-key']).toBe(SHARED_VALUE);
    expect(history).not.toContain(SHARED_VALUE);
  });

  it('through the secrets file: from_env to its destination, from_file (newline trimmed) to a glob, hosts to a granted host', async () => {
    const acme = await deliver({ name: 'Acme CRM', url: `${receiver.url}/leads`, allow_insecure_http: true, headers: { 'X-Key': '${ACME_KEY}' } });
    expect(acme.result.outcome).toBe('success');
    expect(receiver.requests.at(-1)!.headers['x-key']).toBe(ACME_VALUE);

    const mounted = await deliver({ name: 'Mounted CRM', url: `${receiver.url}/leads`, allow_insecure_http: true, headers: { 'X-Key': '${MOUNTED_KEY}' } });
    expect(mounted.result.outcome).toBe('success');
    expect(receiver.requests.at(-1)!.headers['x-key']).toBe(MOUNTED_VALUE);

    const local = await deliver({ name: 'Local CRM', url: `http://127.0.0.1:${receiver.port}/leads`, allow_insecure_http: true, headers: { 'X-Key': '${LOCAL_KEY}' } });
    expect(local.result.outcome).toBe('success');
    expect(receiver.requests.at(-1)!.headers['x-key']).toBe(LOCAL_VALUE);

    for (const { history } of [acme, mounted, local]) for (const v of [ACME_VALUE, MOUNTED_VALUE, LOCAL_VALUE]) expect(history).not.toContain(v);
  });
});
