import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActivities } from '../../src/activities/create-activities.js';
import { parseDestination } from '../../src/config/parse-destination.js';
import { createHttpSender } from '../../src/http/send-http-request.js';
import { secretEnv } from '../helpers/granted-secrets.js';

/**
 * A forward proxy on 127.0.0.1 that records every CONNECT and absolute-form request it is
 * asked for, and only ever connects to 127.0.0.1: anything else is answered 403, so the test
 * never reaches another address. The point is what the worker asks it for.
 */
let proxy: http.Server;
let proxyUrl: string;
const asked: string[] = [];
let redirector: http.Server;
let redirectorUrl: string;
let landing: http.Server;
let landingUrl: string;
const landed: string[] = [];

const listen = async (server: net.Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  proxy = http.createServer((req, res) => {
    asked.push(`${req.method} ${req.url}`);
    const target = new URL(req.url!);
    if (target.hostname !== '127.0.0.1') return void res.writeHead(403).end();
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode!, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  proxy.on('connect', (req, socket, head) => {
    asked.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(':');
    if (host !== '127.0.0.1') return void socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
  });
  // The first URL is allowed (loopback is opened); it redirects wherever `?to=` says.
  redirector = http.createServer((req, res) => {
    req.resume();
    res.writeHead(302, { location: new URL(req.url!, 'http://x').searchParams.get('to')! }).end();
  });
  landing = http.createServer((req, res) => {
    landed.push(req.url!);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"t","expires_in":60}');
  });
  proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
  redirectorUrl = `http://127.0.0.1:${await listen(redirector)}`;
  landingUrl = `http://127.0.0.1:${await listen(landing)}`;
});
afterAll(() =>
  Promise.all(
    [proxy, redirector, landing].map(
      (s) =>
        new Promise((r) => {
          s.closeAllConnections();
          s.close(r);
        }),
    ),
  ),
);
beforeEach(() => {
  asked.length = 0;
  landed.length = 0;
});

const sender = () => createHttpSender({ allow: { cidrs: ['127.0.0.1/32'] }, proxy: { http: proxyUrl, https: proxyUrl, noProxy: [] } });

describe('egress proxy: every redirect hop is checked before the proxy is asked', () => {
  for (const blocked of ['169.254.169.254:80', '10.0.0.5:6379']) {
    it(`a redirect from an allowed URL to ${blocked} is ADDRESS_BLOCKED and the proxy is never asked for it`, async () => {
      const http = sender();
      const to = `http://${blocked}/latest/meta-data/`;
      const url = `${redirectorUrl}/leads?to=${encodeURIComponent(to)}`;
      const result = await http({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body: '{}' }, { timeoutMs: 3000, displayUrl: url, followRedirects: true });
      http.close();
      expect(result).toMatchObject({ kind: 'network-error', code: 'ADDRESS_BLOCKED' });
      // The first hop went through the proxy; the blocked one was never asked for.
      expect(asked).toContain(`CONNECT ${redirectorUrl.slice('http://'.length)}`);
      expect(asked.join('\n')).not.toContain(blocked.split(':')[0]);
    });
  }

  it('a hop to a NO_PROXY host is connected to directly, through the guard', async () => {
    const http = createHttpSender({ allow: { cidrs: ['127.0.0.1/32'] }, proxy: { http: proxyUrl, noProxy: ['localhost'] } });
    const to = `${landingUrl.replace('127.0.0.1', 'localhost')}/direct`;
    const url = `${redirectorUrl}/leads?to=${encodeURIComponent(to)}`;
    const result = await http({ method: 'GET', url, headers: {} }, { timeoutMs: 3000, displayUrl: url, followRedirects: true });
    http.close();
    expect(result).toMatchObject({ kind: 'response', response: { status: 200 } });
    expect(landed).toEqual(['/direct']);
    expect(asked.join('\n')).not.toContain('localhost');
  });

  it('an allowed redirect hop still goes through the proxy', async () => {
    const http = sender();
    const url = `${redirectorUrl}/leads?to=${encodeURIComponent(`${landingUrl}/final`)}`;
    const result = await http({ method: 'GET', url, headers: {} }, { timeoutMs: 3000, displayUrl: url, followRedirects: true });
    http.close();
    expect(result).toMatchObject({ kind: 'response', response: { status: 200 } });
    expect(landed).toEqual(['/final']);
    expect(asked).toContain(`CONNECT ${landingUrl.slice('http://'.length)}`);
  });
});

describe('egress proxy: OAuth2 token URLs are checked before the proxy is asked', () => {
  const destination = (tokenUrl: string) =>
    parseDestination(
      {
        name: 'Proxied OAuth',
        url: `${landingUrl}/leads`,
        allow_insecure_http: true,
        timeout: 3000,
        auth: { type: 'oauth2_client_credentials', token_url: tokenUrl, client_id: 'leadwire', client_secret: '${CLIENT_SECRET}' },
      },
      'test',
    );
  const send = async (tokenUrl: string) => {
    const http = sender();
    const activities = createActivities({ http, env: secretEnv({ CLIENT_SECRET: 'cs-proxy-secret' }) });
    try {
      return await activities.sendLead({ destination: destination(tokenUrl), lead: { id: 'p-1', email: 'p@example.com' }, deliveryId: `proxy-${Date.now()}`, now: new Date().toISOString(), attempt: 1 });
    } finally {
      http.close();
    }
  };

  it('a token_url at the metadata address is ADDRESS_BLOCKED and the client secret never goes to the proxy', async () => {
    await expect(send('http://169.254.169.254/latest/token')).rejects.toMatchObject({ type: 'ADDRESS_BLOCKED', nonRetryable: true });
    expect(asked.join('\n')).not.toContain('169.254.169.254');
    expect(landed).toEqual([]);
  });

  it('an allowed token_url goes through the proxy', async () => {
    const result = await send(`${landingUrl}/token`);
    expect(result).toMatchObject({ kind: 'response', response: { status: 200 } });
    expect(landed).toEqual(['/token', '/leads']);
    expect(asked.filter((a) => a === `CONNECT ${landingUrl.slice('http://'.length)}`).length).toBeGreaterThanOrEqual(1);
  });
});
