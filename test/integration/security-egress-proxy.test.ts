import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActivities } from '../../src/activities/create-activities.js';
import { parseDestination } from '../../src/config/parse-destination.js';
import { createHttpSender } from '../../src/http/send-http-request.js';
import { secretEnv } from '../helpers/granted-secrets.js';
import { startRecordingProxy, type RecordingProxy } from '../helpers/recording-proxy.js';
import { deliveryPlanFrom } from '../../src/config/delivery-plan-from.js';
import { sendPlanOf } from '../../src/contract/delivery-plan.js';
import { CONTRACT_VERSION as v } from '../../src/contract/version.js';

let proxy: RecordingProxy;
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
  proxy = await startRecordingProxy();
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
  redirectorUrl = `http://127.0.0.1:${await listen(redirector)}`;
  landingUrl = `http://127.0.0.1:${await listen(landing)}`;
});
afterAll(() =>
  Promise.all([
    proxy.close(),
    ...[redirector, landing].map(
      (s) =>
        new Promise((r) => {
          s.closeAllConnections();
          s.close(r);
        }),
    ),
  ]),
);
beforeEach(() => {
  proxy.asked.length = 0;
  landed.length = 0;
});

const sender = () => createHttpSender({ allow: { cidrs: ['127.0.0.1/32'] }, proxy: { http: proxy.url, https: proxy.url, noProxy: [] } });

describe('egress proxy: every redirect hop is checked before the proxy is asked', () => {
  for (const blocked of ['169.254.169.254:80', '10.0.0.5:6379']) {
    it(`a redirect from an allowed URL to ${blocked} is ADDRESS_BLOCKED and the proxy is never asked for it`, async () => {
      const http = sender();
      const to = `http://${blocked}/latest/meta-data/`;
      const url = `${redirectorUrl}/leads?to=${encodeURIComponent(to)}`;
      const result = await http({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body: '{}' }, { timeoutMs: 3000, displayUrl: url, followRedirects: true, allowInsecureHttp: true });
      http.close();
      expect(result).toMatchObject({ kind: 'network-error', code: 'ADDRESS_BLOCKED' });
      // The first hop went through the proxy; the blocked one was never asked for.
      expect(proxy.asked).toContain(`CONNECT ${redirectorUrl.slice('http://'.length)}`);
      expect(proxy.asked.join('\n')).not.toContain(blocked.split(':')[0]);
    });
  }

  it('a hop to a NO_PROXY host is connected to directly, through the guard', async () => {
    const http = createHttpSender({ allow: { cidrs: ['127.0.0.1/32'] }, proxy: { http: proxy.url, noProxy: ['localhost'] } });
    const to = `${landingUrl.replace('127.0.0.1', 'localhost')}/direct`;
    const url = `${redirectorUrl}/leads?to=${encodeURIComponent(to)}`;
    const result = await http({ method: 'GET', url, headers: {} }, { timeoutMs: 3000, displayUrl: url, followRedirects: true, allowInsecureHttp: true });
    http.close();
    expect(result).toMatchObject({ kind: 'response', response: { status: 200 } });
    expect(landed).toEqual(['/direct']);
    expect(proxy.asked.join('\n')).not.toContain('localhost');
  });

  it('an allowed redirect hop still goes through the proxy', async () => {
    const http = sender();
    const url = `${redirectorUrl}/leads?to=${encodeURIComponent(`${landingUrl}/final`)}`;
    const result = await http({ method: 'GET', url, headers: {} }, { timeoutMs: 3000, displayUrl: url, followRedirects: true, allowInsecureHttp: true });
    http.close();
    expect(result).toMatchObject({ kind: 'response', response: { status: 200 } });
    expect(landed).toEqual(['/final']);
    expect(proxy.asked).toContain(`CONNECT ${landingUrl.slice('http://'.length)}`);
  });
});

describe('egress proxy: OAuth2 token URLs are checked before the proxy is asked', () => {
  const destination = (tokenUrl: string) =>
    parseDestination(
      {
        name: 'Proxied OAuth',
        url: `${landingUrl}/leads`,
        allow_insecure_http: true,
        timeout: 10_000,
        auth: { type: 'oauth2_client_credentials', token_url: tokenUrl, client_id: 'leadwire', client_secret: '${CLIENT_SECRET}' },
      },
      'test',
    );
  const send = async (tokenUrl: string) => {
    const http = sender();
    const activities = createActivities({ http, env: secretEnv({ CLIENT_SECRET: 'cs-proxy-secret' }) });
    try {
      return await activities.sendLead({ v, plan: sendPlanOf(deliveryPlanFrom(destination(tokenUrl))), lead: { id: 'p-1', email: 'p@example.com' }, deliveryId: `proxy-${Date.now()}`, now: new Date().toISOString(), attempt: 1 });
    } finally {
      http.close();
    }
  };

  it('a token_url at the metadata address is ADDRESS_BLOCKED and the client secret never goes to the proxy', async () => {
    await expect(send('http://169.254.169.254/latest/token')).rejects.toMatchObject({ type: 'ADDRESS_BLOCKED', nonRetryable: true });
    expect(proxy.asked.join('\n')).not.toContain('169.254.169.254');
    expect(landed).toEqual([]);
  });

  it('an allowed token_url goes through the proxy', async () => {
    const result = await send(`${landingUrl}/token`);
    expect(result).toMatchObject({ kind: 'response', response: { status: 200 } });
    expect(landed).toEqual(['/token', '/leads']);
    expect(proxy.asked.filter((a) => a === `CONNECT ${landingUrl.slice('http://'.length)}`).length).toBeGreaterThanOrEqual(1);
  });
});
