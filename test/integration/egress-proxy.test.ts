import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpSender } from '../../src/http/send-http-request.js';
import { proxyFor, proxyFromEnv } from '../../src/http/proxy-settings.js';
import { generateTestPki, type TestPki } from '../helpers/test-certificates.js';

/** A forward proxy on 127.0.0.1 (CONNECT tunnels and absolute-form requests), each one counted. */
let proxy: http.Server;
let proxyUrl: string;
const seen: string[] = [];
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
  proxy = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = http.request(req.url!, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode!, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  proxy.on('connect', (req, socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(':');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
  });
  targetUrl = `http://127.0.0.1:${await listen(target)}`;
  secureUrl = `https://127.0.0.1:${await listen(secure)}`;
  proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
});
afterAll(() => Promise.all([proxy, target, secure].map((s) => new Promise((r) => s.close(r)))));

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
    const sender = createHttpSender({ allow: { cidrs: ['127.0.0.1/32'] }, proxy: { http: proxyUrl, noProxy: [] } });
    const result = await sender({ method: 'GET', url: `${targetUrl}/leads`, headers: {} }, { timeoutMs: 2000, displayUrl: `${targetUrl}/leads` });
    sender.close();
    expect(result).toMatchObject({ kind: 'response', response: { body: 'plain /leads' } });
    // hpagent tunnels plain http with CONNECT as well.
    expect(seen).toContain(`CONNECT ${targetUrl.slice('http://'.length)}`);
  });

  it('tunnels https through CONNECT, with the destination certificate still checked', async () => {
    const sender = createHttpSender({ allow: { cidrs: ['127.0.0.1/32'] }, proxy: { https: proxyUrl, noProxy: [] } });
    const ok = await sender({ method: 'GET', url: `${secureUrl}/leads`, headers: {} }, { timeoutMs: 2000, displayUrl: secureUrl, tls: { validate: true, ca: { pem: pki.ca } } });
    const untrusted = await sender({ method: 'GET', url: `${secureUrl}/leads`, headers: {} }, { timeoutMs: 2000, displayUrl: secureUrl });
    sender.close();
    expect(ok).toMatchObject({ kind: 'response', response: { body: 'tls /leads' } });
    expect(seen.filter((s) => s === `CONNECT ${secureUrl.slice('https://'.length)}`).length).toBeGreaterThanOrEqual(1);
    expect(untrusted).toMatchObject({ kind: 'network-error', code: 'TLS_ERROR' });
  });

  it('still refuses a blocked target before anything reaches the proxy', async () => {
    const sender = createHttpSender({ allow: { cidrs: ['127.0.0.1/32'] }, proxy: { http: proxyUrl, noProxy: [] } });
    const before = seen.length;
    const result = await sender({ method: 'GET', url: 'http://127.0.0.2:9/leads', headers: {} }, { timeoutMs: 2000, displayUrl: 'http://127.0.0.2:9/leads' });
    sender.close();
    expect(result).toMatchObject({ kind: 'network-error', code: 'ADDRESS_BLOCKED' });
    expect(seen.length).toBe(before);
  });
});
