import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpSender } from '../../src/http/send-http-request.js';
import { proxyFor, proxyFromEnv } from '../../src/http/proxy-settings.js';
import { startRecordingProxy, type RecordingProxy } from '../helpers/recording-proxy.js';
import { generateTestPki, type TestPki } from '../helpers/test-certificates.js';

let proxy: RecordingProxy;
let target: http.Server;
let targetUrl: string;
let secure: https.Server;
let secureUrl: string;
let pki: TestPki;

const listen = async (server: net.Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  pki = generateTestPki();
  target = http.createServer((req, res) => res.end(`plain ${req.url}`));
  secure = https.createServer({ cert: pki.serverCert, key: pki.serverKey }, (req, res) => res.end(`tls ${req.url}`));
  proxy = await startRecordingProxy();
  targetUrl = `http://127.0.0.1:${await listen(target)}`;
  secureUrl = `https://127.0.0.1:${await listen(secure)}`;
});
afterAll(() => Promise.all([proxy.close(), ...[target, secure].map((s) => new Promise((r) => s.close(r)))]));

describe('egress proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY)', () => {
  it('reads the usual variables, either case, and honours NO_PROXY', () => {
    const settings = proxyFromEnv({ https_proxy: 'http://egress:3128', HTTP_PROXY: 'http://egress:3129', NO_PROXY: 'internal.example, .corp.example' });
    expect(proxyFor(settings, new URL('https://api.example.com/x'))).toBe('http://egress:3128');
    expect(proxyFor(settings, new URL('http://api.example.com/x'))).toBe('http://egress:3129');
    expect(proxyFor(settings, new URL('https://internal.example/x'))).toBeUndefined();
    expect(proxyFor(settings, new URL('https://crm.corp.example/x'))).toBeUndefined();
    expect(proxyFromEnv({})).toBeUndefined();
  });

  it('sends plain http through the proxy', async () => {
    const sender = createHttpSender({ allow: { cidrs: ['127.0.0.1/32'] }, proxy: { http: proxy.url, noProxy: [] } });
    const result = await sender({ method: 'GET', url: `${targetUrl}/leads`, headers: {} }, { timeoutMs: 2000, displayUrl: `${targetUrl}/leads`, allowInsecureHttp: true });
    sender.close();
    expect(result).toMatchObject({ kind: 'response', response: { body: 'plain /leads' } });
    // hpagent tunnels plain http with CONNECT as well.
    expect(proxy.asked).toContain(`CONNECT ${targetUrl.slice('http://'.length)}`);
  });

  it('tunnels https through CONNECT, with the destination certificate still checked', async () => {
    const sender = createHttpSender({ allow: { cidrs: ['127.0.0.1/32'] }, proxy: { https: proxy.url, noProxy: [] } });
    const ok = await sender({ method: 'GET', url: `${secureUrl}/leads`, headers: {} }, { timeoutMs: 2000, displayUrl: secureUrl, tls: { validate: true, ca: { pem: pki.ca } } });
    const untrusted = await sender({ method: 'GET', url: `${secureUrl}/leads`, headers: {} }, { timeoutMs: 2000, displayUrl: secureUrl });
    sender.close();
    expect(ok).toMatchObject({ kind: 'response', response: { body: 'tls /leads' } });
    expect(proxy.asked.filter((s) => s === `CONNECT ${secureUrl.slice('https://'.length)}`).length).toBeGreaterThanOrEqual(1);
    expect(untrusted).toMatchObject({ kind: 'network-error', code: 'TLS_ERROR' });
  });

  it('still refuses a blocked target before anything reaches the proxy', async () => {
    const sender = createHttpSender({ allow: { cidrs: ['127.0.0.1/32'] }, proxy: { http: proxy.url, noProxy: [] } });
    const before = proxy.asked.length;
    const result = await sender({ method: 'GET', url: 'http://127.0.0.2:9/leads', headers: {} }, { timeoutMs: 2000, displayUrl: 'http://127.0.0.2:9/leads', allowInsecureHttp: true });
    sender.close();
    expect(result).toMatchObject({ kind: 'network-error', code: 'ADDRESS_BLOCKED' });
    expect(proxy.asked.length).toBe(before);
  });
});
