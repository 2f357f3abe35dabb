import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { deadUrl, startRawServer, type RawServer } from '../helpers/request-servers.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';
import { secretEnv } from '../helpers/granted-secrets.js';

const RIGHT_SECRET = `right-${randomUUID()}`;
const WRONG_SECRET = `wrong-${randomUUID()}`;
const TENANT_SECRET = `tenant-${randomUUID()}`;
const TOKEN = `token-${randomUUID()}`;

/** A gzip body that inflates to `inflated` bytes of zeros (about a thousandth of that on the wire). */
async function gzipBomb(inflated: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => gzip.on('end', r));
  const block = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < inflated; written += block.length) {
    if (!gzip.write(block)) await new Promise((r) => gzip.once('drain', r));
  }
  gzip.end();
  await done;
  return Buffer.concat(chunks);
}

let harness: Harness;
let api: RawServer;
let tokenServer: RawServer;
let bombServer: http.Server;
let bombUrl: string;
const logLines: string[] = [];

beforeAll(async () => {
  // 256 MiB of zeros: the worker took 2.2 GB on a bomb like this one.
  const bomb = await gzipBomb(256 * 1024 * 1024);
  bombServer = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length }).end(bomb);
  });
  await new Promise<void>((r) => bombServer.listen(0, '127.0.0.1', r));
  bombUrl = `http://127.0.0.1:${(bombServer.address() as AddressInfo).port}`;
  const logger = createLogger({ destination: new Writable({ write: (c, _e, done) => (logLines.push(String(c)), done()) }), level: 'info' });
  [harness, api, tokenServer] = await Promise.all([
    startHarness({ env: secretEnv({ RIGHT_SECRET, WRONG_SECRET, TENANT_SECRET }), worker: { logger } }),
    startRawServer(),
    // A token server that only issues a token for the right client secret, under the tenant's path.
    startRawServer((req) => {
      const form = new URLSearchParams(req.body.toString('utf8'));
      const path = new URL(req.url, 'http://x').pathname;
      if (path === `/${TENANT_SECRET}/down`) return { status: 500, body: { error: 'server_error' } };
      if (path === `/${TENANT_SECRET}/refuse`) return { status: 401, body: { error: 'invalid_client' } };
      if (form.get('client_id') === 'shared-client' && form.get('client_secret') === RIGHT_SECRET) {
        return { status: 200, body: { access_token: TOKEN, token_type: 'Bearer', expires_in: 3600 } };
      }
      return { status: 401, body: { error: 'invalid_client' } };
    }),
  ]);
});
afterAll(async () => {
  await harness?.close();
  await api?.close();
  await tokenServer?.close();
  await new Promise<void>((r) => {
    bombServer?.closeAllConnections();
    bombServer?.close(() => r());
  });
});

const oauthDestination = (name: string, auth: { token_url: string; client_secret: string }): DestinationInput => ({
  name,
  url: `${api.url}/leads`,
  allow_insecure_http: true,
  timeout: 10_000,
  retry: { max_attempts: 1 },
  park: { window: 0 },
  auth: { type: 'oauth2_client_credentials', client_id: 'shared-client', client_auth: 'body', ...auth },
  body: { format: 'json', mapping: { email: 'email' } },
});

/** The delivery's record and its whole history, as stored and with payloads decoded. */
async function deliverWithHistory(destination: DestinationInput) {
  const started = await harness.client.startDelivery(destination, { id: `oauth-${randomUUID()}`, email: 'o@example.com' });
  const result = await started.result();
  const events = await started.handle.fetchHistory();
  const decoded = JSON.stringify(events, (key, value: unknown) => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    if (key === 'data' && typeof value === 'string') return Buffer.from(value, 'base64').toString('utf8');
    return value;
  });
  return { result, history: `${JSON.stringify(events)}\n${decoded}` };
}

describe('OAuth2 token cache', () => {
  it('a destination with the same token_url and client_id but a wrong secret does not get the other destination token', async () => {
    const tokenUrl = `${tokenServer.url}/token`;
    const right = await harness.client.deliver(oauthDestination('OAuth Right', { token_url: tokenUrl, client_secret: '${RIGHT_SECRET}' }), { id: `r-${randomUUID()}`, email: 'r@example.com' });
    expect(right.outcome).toBe('success');
    expect(api.requests.at(-1)!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const sentBefore = api.requests.length;

    const wrong = await harness.client.deliver(oauthDestination('OAuth Wrong', { token_url: tokenUrl, client_secret: '${WRONG_SECRET}' }), { id: `w-${randomUUID()}`, email: 'w@example.com' });
    expect(wrong.outcome).toBe('error');
    expect(wrong.errorCode).toBe('OAUTH_TOKEN_REFUSED');
    // The API never saw a request from the wrong-secret destination, let alone with the token.
    expect(api.requests.length).toBe(sentBefore);
  });
});

describe('gzip bombs: decompressed bytes are capped', () => {
  it('a delivery answered with a gzip bomb ends with RESPONSE_TOO_LARGE, not retried', async () => {
    const result = await harness.client.deliver(
      { name: 'Bomb CRM', url: `${bombUrl}/leads`, allow_insecure_http: true, timeout: 10_000, response_max_bytes: 1024 * 1024, retry: { max_attempts: 3, delay: 10 }, park: { window: 0 } },
      { id: `bomb-${randomUUID()}`, email: 'b@example.com' },
    );
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe('RESPONSE_TOO_LARGE');
    expect(result.reason).toContain('more than 1048576 bytes');
    expect(result.attempts).toHaveLength(1);
  });

  it('a gzip bomb from the token endpoint ends the delivery with OAUTH_TOKEN_TOO_LARGE, nothing sent', async () => {
    const sentBefore = api.requests.length;
    const { result, history } = await deliverWithHistory(oauthDestination('OAuth Bomb', { token_url: `${bombUrl}/token`, client_secret: '${RIGHT_SECRET}' }));
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe('OAUTH_TOKEN_TOO_LARGE');
    expect(result.reason).toMatch(/token endpoint .* more than \d+ bytes/);
    expect(api.requests.length).toBe(sentBefore);
    expect(history).not.toContain(RIGHT_SECRET);
  });
});

describe('a secret in the token_url path', () => {
  const cases: [string, () => Promise<string>, string][] = [
    ['answers 500', async () => `${tokenServer.url}/\${TENANT_SECRET}/down`, 'OAUTH_TOKEN_UNAVAILABLE'],
    ['answers 401', async () => `${tokenServer.url}/\${TENANT_SECRET}/refuse`, 'OAUTH_TOKEN_REFUSED'],
    ['is unreachable', async () => `${await deadUrl()}/\${TENANT_SECRET}/token`, 'CONNECTION_REFUSED|OAUTH_TOKEN_UNAVAILABLE'],
  ];
  for (const [title, tokenUrl, code] of cases) {
    it(`never reaches the record, the reason, the history or the logs when the token endpoint ${title}`, async () => {
      const { result, history } = await deliverWithHistory(oauthDestination(`OAuth Tenant ${title}`, { token_url: await tokenUrl(), client_secret: '${RIGHT_SECRET}' }));
      expect(result.outcome).toBe('error');
      expect(result.errorCode).toMatch(new RegExp(`^(${code})$`));
      // The endpoint is named, with the secret masked.
      expect(result.reason).toContain('/***TENANT_SECRET***/');
      for (const text of [JSON.stringify(result), history, logLines.join('\n')]) {
        expect(text).not.toContain(TENANT_SECRET);
        expect(text).not.toContain(encodeURIComponent(TENANT_SECRET));
        expect(text).not.toContain(RIGHT_SECRET);
      }
    });
  }
});

describe('an API that refuses a fresh token too', () => {
  let refusing: RawServer;
  beforeAll(async () => {
    refusing = await startRawServer(() => ({ status: 401, body: { error: 'invalid_token' } }));
  });
  afterAll(async () => {
    await refusing?.close();
  });

  it('ends as an error, AUTH_REFUSED, saying a fresh token was fetched and refused too', async () => {
    const tokensBefore = tokenServer.requests.length;
    const destination = { ...oauthDestination('OAuth Refused', { token_url: `${tokenServer.url}/token`, client_secret: '${RIGHT_SECRET}' }), url: `${refusing.url}/leads` };
    const { result, history } = await deliverWithHistory(destination);
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe('AUTH_REFUSED');
    expect(result.reason).toMatch(/HTTP 401 to a fresh OAuth2 token too: .* a new one was fetched .* refused as well/);
    // One attempt: the token was fetched, refused, fetched again and refused again.
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]).toMatchObject({ status: 401, errorCode: 'AUTH_REFUSED', outcome: 'error' });
    expect(tokenServer.requests.length - tokensBefore).toBe(2);
    expect(refusing.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    for (const text of [JSON.stringify(result), history]) {
      expect(text).not.toContain(RIGHT_SECRET);
      expect(text).not.toContain(TOKEN);
    }
  });
});
