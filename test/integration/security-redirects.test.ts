import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';
import { secretEnv } from '../helpers/granted-secrets.js';

const SECRETS = {
  SUB_KEY: `sub-${randomUUID()}`,
  PARTNER_KEY: `partner-${randomUUID()}`,
  PLAIN_KEY: `plain-${randomUUID()}`,
  SIG_SECRET: `sig-${randomUUID()}`,
  HMAC_SECRET: `hmac-${randomUUID()}`,
  API_KEY: `apikey-${randomUUID()}`,
  QUERY_KEY: `querykey-${randomUUID()}`,
  PARTNER_CODE: `code-${randomUUID()}`,
};

interface Seen {
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** A 127.0.0.1 server on a port of its own (so a different origin), recording each request. */
async function server(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: Seen[] = [];
  const s = http.createServer((req, res) => {
    seen.push({ url: req.url!, headers: req.headers });
    req.resume();
    handle(req, res);
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        s.closeAllConnections();
        s.close(() => r());
      }),
  };
}

let harness: Harness;
let first: Awaited<ReturnType<typeof server>>;
let second: Awaited<ReturnType<typeof server>>;
let trailingSlash: Awaited<ReturnType<typeof server>>;

beforeAll(async () => {
  second = await server((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}'));
  // Origin one sends every request on to origin two (307 keeps the method and the body).
  first = await server((req, res) => res.writeHead(307, { location: `${second.url}${req.url}` }).end());
  // A framework's trailing-slash redirect: the query string, keys and all, echoed into Location.
  trailingSlash = await server((req, res) => {
    const u = new URL(req.url!, 'http://x');
    const to = `${u.pathname}/${u.search}`;
    res
      .writeHead(301, {
        location: to,
        'content-location': `${trailingSlash.url}${to}`,
        link: `<${trailingSlash.url}${to}>; rel="canonical"`,
        refresh: `0; url=${to}`,
        'content-type': 'text/plain',
      })
      .end(`Moved to ${trailingSlash.url}${to}`);
  });
  harness = await startHarness({ env: secretEnv(SECRETS) });
});
afterAll(async () => {
  await harness?.close();
  await Promise.all([first?.close(), second?.close(), trailingSlash?.close()]);
});
beforeEach(() => {
  first.seen.length = 0;
  second.seen.length = 0;
  trailingSlash.seen.length = 0;
});

const base = (name: string, extra: Partial<DestinationInput>): DestinationInput =>
  ({
    name,
    url: `${first.url}/leads`,
    allow_insecure_http: true,
    follow_redirects: true,
    timeout: 10_000,
    retry: { max_attempts: 1 },
    park: { window: 0 },
    body: { format: 'json', mapping: { email: 'email' } },
    ...extra,
  }) as DestinationInput;

describe('credentials do not follow a redirect to another origin, whatever their header name', () => {
  const cases: [string, () => DestinationInput, string[]][] = [
    [
      "the api_key auth's own header and headers built from ${SECRET}",
      () => base('Redirect ApiKey', {
        auth: { type: 'api_key', key: '${SUB_KEY}', header: 'Ocp-Apim-Subscription-Key' },
        headers: { 'X-Partner-Key': '${PARTNER_KEY}', 'X-Key': 'k-${PLAIN_KEY}', 'X-Sig': '${SIG_SECRET}', 'X-Hmac': '${env:HMAC_SECRET}', 'X-Trace': 'trace-1' },
      }),
      ['ocp-apim-subscription-key', 'x-partner-key', 'x-key', 'x-sig', 'x-hmac'],
    ],
    [
      'HMAC signing under custom header names',
      () => base('Redirect Hmac', { auth: { type: 'hmac', secret: '${HMAC_SECRET}', signature_header: 'X-Mac', timestamp_header: 'X-When' }, headers: { 'X-Trace': 'trace-1' } }),
      ['x-mac', 'x-when'],
    ],
    [
      'Standard Webhooks',
      () => base('Redirect Webhooks', { auth: { type: 'standard_webhooks', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }, headers: { 'X-Trace': 'trace-1' } }),
      ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
    ],
    ['bearer', () => base('Redirect Bearer', { auth: { type: 'bearer', token: '${PARTNER_KEY}' }, headers: { 'X-Trace': 'trace-1' } }), ['authorization']],
  ];
  for (const [title, destination, names] of cases) {
    it(title, async () => {
      const result = await harness.client.deliver(destination(), { id: `redir-${randomUUID()}`, email: 'r@example.com' });
      expect(result.outcome).toBe('success');
      // Sent to the first origin...
      expect(first.seen).toHaveLength(1);
      for (const name of names) expect(first.seen[0]!.headers[name]).toBeDefined();
      // ...and none of them to the second, while ordinary headers still go.
      expect(second.seen).toHaveLength(1);
      const arrived = second.seen[0]!.headers;
      for (const name of names) expect(arrived[name], name).toBeUndefined();
      expect(arrived['x-trace']).toBe('trace-1');
      expect(JSON.stringify(arrived)).not.toMatch(new RegExp(Object.values(SECRETS).join('|')));
    });
  }
});

describe('Location and other URL headers of a response are redacted', () => {
  it('a trailing-slash redirect echoing ?api_key= and the auth query parameter leaves no key in the record, the reason or the history', async () => {
    const started = await harness.client.startDelivery(
      {
        name: 'Trailing Slash CRM',
        url: `${trailingSlash.url}/leads?api_key=\${API_KEY}&partner=\${PARTNER_CODE}&page=1`,
        allow_insecure_http: true,
        timeout: 10_000,
        auth: { type: 'api_key', key: '${QUERY_KEY}', query: 'k' },
        retry: { max_attempts: 1 },
        park: { window: 0 },
      },
      { id: `slash-${randomUUID()}`, email: 's@example.com' },
    );
    const result = await started.result();
    // Really sent with the keys, and really echoed back.
    expect(trailingSlash.seen[0]!.url).toContain(SECRETS.QUERY_KEY);
    expect(result.outcome).toBe('failure');
    expect(result.errorCode).toBe('HTTP_301');
    expect(result.reason).toContain('a redirect to /leads/?api_key=[redacted]&partner=[redacted]&page=1&k=[redacted]; leadwire');
    const headers = result.response!.headers;
    expect(headers.location).toBe('/leads/?api_key=[redacted]&partner=[redacted]&page=1&k=[redacted]');
    expect(headers['content-location']).toBe(`${trailingSlash.url}/leads/?api_key=[redacted]&partner=[redacted]&page=1&k=[redacted]`);
    expect(headers.link).toBe(`<${trailingSlash.url}/leads/?api_key=[redacted]&partner=[redacted]&page=1&k=[redacted]>; rel="canonical"`);
    expect(headers.refresh).toBe('0; url=/leads/?api_key=[redacted]&partner=[redacted]&page=1&k=[redacted]');

    const history = JSON.stringify(await started.handle.fetchHistory());
    for (const text of [JSON.stringify(result), history]) {
      for (const secret of [SECRETS.API_KEY, SECRETS.QUERY_KEY, SECRETS.PARTNER_CODE]) expect(text).not.toContain(secret);
    }
  });
});
