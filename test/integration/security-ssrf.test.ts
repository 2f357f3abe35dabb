import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDestination } from '../../src/config/parse-destination.js';
import { createHttpSender } from '../../src/http/send-http-request.js';
import { fetchOAuthToken } from '../../src/http/fetch-oauth-token.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';

/** A 127.0.0.1 server whose handler the test decides; every request is counted. */
async function server(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: http.IncomingHttpHeaders[] = [];
  const s = http.createServer((req, res) => {
    seen.push(req.headers);
    handle(req, res);
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); }),
  };
}

const LOOPBACK_V4 = { cidrs: ['127.0.0.1/32'] };
let receiver: Receiver;
let guarded: Harness;
let open: Harness;

beforeAll(async () => {
  receiver = await startReceiver();
  // Loopback NOT allowed: the worker a production deployment runs.
  guarded = await startHarness({ allowNetworks: [] });
  // Loopback allowed explicitly, as local development does.
  open = await startHarness({ allowNetworks: ['127.0.0.0/8', '::1'] });
});
afterAll(async () => {
  await guarded?.close();
  await open?.close();
  await receiver?.close();
});

describe('SSRF guard on real deliveries', () => {
  it('a host name that resolves to 127.0.0.1 is refused when loopback is not allowed: ADDRESS_BLOCKED, not retried, nothing sent', async () => {
    receiver.clear();
    const destination = { name: 'Rebind CRM', url: `http://localhost:${receiver.port}/leads`, allow_insecure_http: true, timeout: 10_000, retry: { max_attempts: 3, delay: 10 }, park: { window: 0 } };
    const result = await guarded.client.deliver(destination, { id: `ssrf-${Date.now()}`, email: 'ssrf@example.com' });
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe('ADDRESS_BLOCKED');
    expect(result.reason).toMatch(/Refused to connect to localhost \((127\.0\.0\.1|::1)\): the address is loopback .*LEADWIRE_ALLOW_NETWORKS/);
    expect(result.attempts).toHaveLength(1);
    expect(receiver.requests).toHaveLength(0);
  });

  it('a literal loopback address is refused the same way', async () => {
    receiver.clear();
    const result = await guarded.client.deliver(
      { name: 'Literal CRM', url: `${receiver.url}/leads`, allow_insecure_http: true, timeout: 10_000, retry: { max_attempts: 3, delay: 10 }, park: { window: 0 } },
      { id: `ssrf-lit-${Date.now()}`, email: 'lit@example.com' },
    );
    expect(result).toMatchObject({ outcome: 'error', errorCode: 'ADDRESS_BLOCKED' });
    expect(result.reason).toMatch(/127\.0\.0\.1.*loopback \(127\.0\.0\.0\/8\)/);
    expect(result.attempts).toHaveLength(1);
    expect(receiver.requests).toHaveLength(0);
  });

  it('loopback opened by the explicit allow-list is delivered to', async () => {
    receiver.clear();
    const result = await open.client.deliver({ name: 'Allowed CRM', url: `${receiver.url}/leads`, allow_insecure_http: true, timeout: 10_000 }, { id: `ok-${Date.now()}`, email: 'ok@example.com' });
    expect(result.outcome).toBe('success');
    expect(receiver.requests).toHaveLength(1);
  });

  it('a redirect hop to a blocked address ends the delivery as ADDRESS_BLOCKED', async () => {
    const landed = await server((_req, res) => res.end('{}'));
    const redirector = await server((_req, res) => res.writeHead(302, { location: `http://127.0.0.2:${landed.port}/internal` }).end());
    const worker = await startHarness({ allowNetworks: ['127.0.0.1/32'] });
    try {
      const result = await worker.client.deliver(
        { name: 'Redirect CRM', url: `${redirector.url}/leads`, allow_insecure_http: true, follow_redirects: true, timeout: 10_000, retry: { max_attempts: 3, delay: 10 }, park: { window: 0 } },
        { id: `redir-${Date.now()}`, email: 'r@example.com' },
      );
      expect(result).toMatchObject({ outcome: 'error', errorCode: 'ADDRESS_BLOCKED' });
      expect(result.reason).toMatch(/127\.0\.0\.2.*loopback/);
      expect(result.attempts).toHaveLength(1);
      expect(redirector.seen).toHaveLength(1);
      expect(landed.seen).toHaveLength(0);
    } finally {
      await worker.close();
      await landed.close();
      await redirector.close();
    }
  });

  it('OAuth2 token endpoints go through the same guard', async () => {
    const tokens = await server((_req, res) => res.end('{"access_token":"t","expires_in":60}'));
    try {
      const sender = createHttpSender({ allow: {} });
      await expect(
        fetchOAuthToken({ tokenUrl: `${tokens.url}/token`, clientId: 'c', clientSecret: 's3cr3t-value', clientAuth: 'basic', allowInsecureHttp: true }, 2000, Date.now, sender.agents),
      ).rejects.toMatchObject({ code: 'ADDRESS_BLOCKED', message: expect.not.stringContaining('s3cr3t-value') });
      expect(tokens.seen).toHaveLength(0);
      const allowed = createHttpSender({ allow: LOOPBACK_V4 });
      await expect(fetchOAuthToken({ tokenUrl: `${tokens.url}/token`, clientId: 'c', clientSecret: 's', clientAuth: 'basic', allowInsecureHttp: true }, 2000, Date.now, allowed.agents)).resolves.toMatchObject({ token: 't' });
      sender.close();
      allowed.close();
    } finally {
      await tokens.close();
    }
  });
});

describe('redirects (follow_redirects: true)', () => {
  const creds = { authorization: 'Bearer sekrit-token', 'x-api-key': 'sekrit-key', cookie: 'session=sekrit', 'webhook-signature': 'v1,sekrit', 'x-other': 'kept' };

  it('credentials are not sent to another origin, and are kept on the same origin', async () => {
    const other = await server((_req, res) => res.end('{}'));
    const first = await server((req, res) => {
      if (req.url === '/same') res.writeHead(302, { location: '/final' }).end();
      else if (req.url === '/cross') res.writeHead(307, { location: `${other.url}/final` }).end();
      else res.end('{}');
    });
    const sender = createHttpSender({ allow: LOOPBACK_V4 });
    try {
      const same = await sender({ method: 'POST', url: `${first.url}/same`, headers: { ...creds }, body: '{}' }, { timeoutMs: 2000, displayUrl: `${first.url}/same`, followRedirects: true, allowInsecureHttp: true });
      expect(same).toMatchObject({ kind: 'response', response: { status: 200 } });
      expect(first.seen.at(-1)).toMatchObject({ authorization: 'Bearer sekrit-token', 'x-api-key': 'sekrit-key', cookie: 'session=sekrit' });

      const cross = await sender({ method: 'POST', url: `${first.url}/cross`, headers: { ...creds }, body: '{}' }, { timeoutMs: 2000, displayUrl: `${first.url}/cross`, followRedirects: true, allowInsecureHttp: true });
      expect(cross).toMatchObject({ kind: 'response', response: { status: 200 } });
      const landed = other.seen.at(-1)!;
      for (const name of ['authorization', 'x-api-key', 'cookie', 'webhook-signature']) expect(landed[name]).toBeUndefined();
      expect(landed['x-other']).toBe('kept');
    } finally {
      sender.close();
      await other.close();
      await first.close();
    }
  });

  it('a redirect from https to plain http is refused unless allow_insecure_http', async () => {
    const target = await server((_req, res) => res.end('{}'));
    const first = await server((_req, res) => res.writeHead(302, { location: `${target.url}/x` }).end());
    const sender = createHttpSender({ allow: LOOPBACK_V4 });
    try {
      const refused = await sender({ method: 'GET', url: `${first.url}/`, headers: {} }, { timeoutMs: 2000, displayUrl: first.url, followRedirects: true, allowInsecureHttp: false });
      // The first hop is http too, so it is refused before anything is sent.
      expect(refused).toMatchObject({ kind: 'network-error', code: 'INSECURE_HTTP' });
      expect(first.seen).toHaveLength(0);
    } finally {
      sender.close();
      await target.close();
      await first.close();
    }
  });
});

describe('limits', () => {
  it('stops reading a response past the cap: the server sees the connection closed', async () => {
    let closed!: () => void;
    const serverClosed = new Promise<void>((r) => (closed = r));
    const endless = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(16 * 1024, 120);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => closed());
      pump();
    });
    const sender = createHttpSender({ allow: LOOPBACK_V4 });
    try {
      const result = await sender({ method: 'GET', url: `${endless.url}/`, headers: {} }, { timeoutMs: 10_000, displayUrl: endless.url, maxResponseBytes: 256 * 1024, allowInsecureHttp: true });
      expect(result).toMatchObject({ kind: 'network-error', code: 'RESPONSE_TOO_LARGE' });
      await serverClosed;
    } finally {
      sender.close();
      await endless.close();
    }
  });

  it('refuses response headers larger than the header cap', async () => {
    const big = await server((_req, res) => res.writeHead(200, { 'x-padding': 'a'.repeat(64 * 1024) }).end('{}'));
    const sender = createHttpSender({ allow: LOOPBACK_V4, maxHeaderBytes: 8 * 1024 });
    try {
      const result = await sender({ method: 'GET', url: `${big.url}/`, headers: {} }, { timeoutMs: 2000, displayUrl: big.url, allowInsecureHttp: true });
      expect(result).toMatchObject({ kind: 'network-error', code: 'RESPONSE_HEADERS_TOO_LARGE' });
    } finally {
      sender.close();
      await big.close();
    }
  });

  it('a request timeout is always set: the schema gives one when none is written', () => {
    expect(parseDestination({ name: 'T', url: 'https://crm.example/leads' }).timeout).toBe(30_000);
  });
});
