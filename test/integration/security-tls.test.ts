import http from 'node:http';
import https from 'node:https';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors/config-error.js';
import { parseDestination } from '../../src/config/parse-destination.js';
import { createHttpSender } from '../../src/http/send-http-request.js';
import { generateTestPki, type TestPki } from '../helpers/test-certificates.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';
import { secretEnv } from '../helpers/granted-secrets.js';

const LOOPBACK = { cidrs: ['127.0.0.0/8'] };
let pki: TestPki;
let server: https.Server;
let mtls: https.Server;
let plain: http.Server;
const urlOf = (s: http.Server | https.Server, scheme: string) => `${scheme}://127.0.0.1:${(s.address() as AddressInfo).port}`;
const listen = (s: http.Server | https.Server) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
const close = (s: http.Server | https.Server) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); });
let plainHits = 0;

beforeAll(async () => {
  pki = generateTestPki();
  server = https.createServer({ cert: pki.serverCert, key: pki.serverKey }, (req, res) => {
    if (req.url === '/to-http') res.writeHead(302, { location: `${urlOf(plain, 'http')}/landed` }).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
  });
  mtls = https.createServer({ cert: pki.serverCert, key: pki.serverKey, ca: pki.clientCa, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    res.end(JSON.stringify({ client: (req.socket as import('node:tls').TLSSocket).getPeerCertificate().subject?.CN }));
  });
  plain = http.createServer((_req, res) => {
    plainHits++;
    res.end('{}');
  });
  await Promise.all([listen(server), listen(mtls), listen(plain)]);
  // Files for `tls` paths live in the worker's TLS directory.
  mkdirSync(join(pki.dir, 'tls', 'client'), { recursive: true });
  writeFileSync(join(pki.dir, 'tls', 'ca.pem'), pki.ca);
  writeFileSync(join(pki.dir, 'tls', 'client', 'cert.pem'), pki.clientCert);
  writeFileSync(join(pki.dir, 'tls', 'client', 'key.pem'), pki.clientKey);
  symlinkSync(join(pki.dir, 'server.key'), join(pki.dir, 'tls', 'escape.pem'));
});
afterAll(async () => {
  await Promise.all([server, mtls, plain].filter(Boolean).map(close));
  if (pki) rmSync(pki.dir, { recursive: true, force: true });
});

const get = (sender: ReturnType<typeof createHttpSender>, url: string, extra: Parameters<ReturnType<typeof createHttpSender>>[1] extends infer O ? Partial<O> : never = {}) =>
  sender({ method: 'GET', url, headers: {} }, { timeoutMs: 3000, displayUrl: url, allowInsecureHttp: false, ...extra });

describe('HTTPS by default', () => {
  it('refuses http:// destinations at validation, naming the path, unless allow_insecure_http', () => {
    const attempt = () => parseDestination({ name: 'Plain', url: 'http://crm.example/leads', endpoints: ['https://b.example', 'http://c.example'], auth: { type: 'oauth2_client_credentials', token_url: 'http://auth.example/token', client_id: 'x', client_secret: '${S}' } });
    expect(attempt).toThrow(ConfigError);
    const issues = (() => { try { attempt(); } catch (e) { return (e as ConfigError).issues.map((i) => i.path); } return []; })();
    expect(issues).toEqual(['url', 'endpoints[1]', 'auth.token_url']);
    expect(attempt).toThrow(/url: expected an https:\/\/ URL.*allow_insecure_http: true/);
    expect(parseDestination({ name: 'Dev', url: 'http://127.0.0.1:8787/leads', allow_insecure_http: true }).allow_insecure_http).toBe(true);
    expect(parseDestination({ name: 'Secure', url: 'https://crm.example/leads' }).allow_insecure_http).toBe(false);
  });

  it('refuses a plain http:// send and an https -> http redirect unless allowed', async () => {
    const sender = createHttpSender({ allow: LOOPBACK });
    try {
      expect(await get(sender, `${urlOf(plain, 'http')}/`)).toMatchObject({ kind: 'network-error', code: 'INSECURE_HTTP' });
      const tls = { validate: true, ca: { pem: pki.ca } };
      const before = plainHits;
      expect(await get(sender, `${urlOf(server, 'https')}/to-http`, { followRedirects: true, tls })).toMatchObject({ kind: 'network-error', code: 'INSECURE_REDIRECT' });
      expect(plainHits).toBe(before);
      expect(await get(sender, `${urlOf(server, 'https')}/to-http`, { followRedirects: true, tls, allowInsecureHttp: true })).toMatchObject({ kind: 'response', response: { status: 200 } });
    } finally {
      sender.close();
    }
  });
});

describe('certificates', () => {
  it('refuses a certificate from an unknown CA, accepts it once its CA is configured (PEM or file)', async () => {
    const sender = createHttpSender({ allow: LOOPBACK, tlsDir: join(pki.dir, 'tls') });
    try {
      const refused = await get(sender, `${urlOf(server, 'https')}/`);
      expect(refused).toMatchObject({ kind: 'network-error', code: 'TLS_ERROR' });
      expect(await get(sender, `${urlOf(server, 'https')}/`, { tls: { validate: true, ca: { pem: pki.ca } } })).toMatchObject({ kind: 'response', response: { status: 200 } });
      expect(await get(sender, `${urlOf(server, 'https')}/`, { tls: { validate: true, ca: { file: 'ca.pem' } } })).toMatchObject({ kind: 'response', response: { status: 200 } });
    } finally {
      sender.close();
    }
  });

  it('validate_ssl: false connects without checking, and says so every start (once per origin)', async () => {
    const warnings: string[] = [];
    const sender = createHttpSender({ allow: LOOPBACK, onUnverifiedTls: (origin) => warnings.push(origin) });
    try {
      expect(await get(sender, `${urlOf(server, 'https')}/`, { tls: { validate: false } })).toMatchObject({ kind: 'response', response: { status: 200 } });
      expect(warnings).toEqual([urlOf(server, 'https')]);
    } finally {
      sender.close();
    }
  });

  it('mutual TLS: accepted with the right client certificate, refused without', async () => {
    const sender = createHttpSender({ allow: LOOPBACK, tlsDir: join(pki.dir, 'tls') });
    try {
      const without = await get(sender, `${urlOf(mtls, 'https')}/`, { tls: { validate: true, ca: { pem: pki.ca } } });
      expect(without.kind).toBe('network-error');
      const withCert = await get(sender, `${urlOf(mtls, 'https')}/`, { tls: { validate: true, ca: { pem: pki.ca }, cert: { file: 'client/cert.pem' }, key: { file: 'client/key.pem' } } });
      expect(withCert).toMatchObject({ kind: 'response', response: { status: 200 } });
      expect(JSON.parse((withCert as { response: { body: string } }).response.body)).toEqual({ client: 'leadwire test client' });
      const wrong = await get(sender, `${urlOf(mtls, 'https')}/`, { tls: { validate: true, ca: { pem: pki.ca }, cert: { pem: pki.serverCert }, key: { pem: pki.serverKey } } });
      expect(wrong.kind).toBe('network-error');
    } finally {
      sender.close();
    }
  });

  it('tls file paths cannot leave the TLS directory: .., absolute paths and symlinks are refused', async () => {
    expect(() => parseDestination({ name: 'T', url: 'https://a.example', tls: { ca: '../server.key' } })).toThrow(/tls\.ca: .*may not contain "\.\."/);
    expect(() => parseDestination({ name: 'T', url: 'https://a.example', tls: { ca: '/etc/passwd' } })).toThrow(/tls\.ca: .*must be relative/);
    expect(() => parseDestination({ name: 'T', url: 'https://a.example', tls: { key: '-----BEGIN PRIVATE KEY-----\nabc', cert: '${C}' } })).toThrow(/tls\.key: inline PEM is not accepted/);
    expect(() => parseDestination({ name: 'T', url: 'https://a.example', tls: { cert: '${C}' } })).toThrow(/tls\.key: a client certificate needs its private key/);
    const sender = createHttpSender({ allow: LOOPBACK, tlsDir: join(pki.dir, 'tls') });
    try {
      const escaped = await get(sender, `${urlOf(server, 'https')}/`, { tls: { validate: true, ca: { file: 'escape.pem' } } });
      expect(escaped).toMatchObject({ kind: 'network-error', code: 'TLS_FILE_REFUSED', message: expect.stringMatching(/leads outside/) });
      expect((escaped as { message: string }).message).not.toContain('PRIVATE KEY');
      const traversal = await get(sender, `${urlOf(server, 'https')}/`, { tls: { validate: true, ca: { file: '../server.key' } } });
      expect(traversal).toMatchObject({ kind: 'network-error', code: 'TLS_FILE_REFUSED' });
    } finally {
      sender.close();
    }
  });
});

describe('TLS through a real delivery', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ env: secretEnv({ TEST_CA: pki.ca, CLIENT_CERT: pki.clientCert, CLIENT_KEY: pki.clientKey }) });
  });
  afterAll(async () => harness?.close());

  it('delivers over mTLS with PEM from secrets, and no key material is in the history', async () => {
    const destination = { name: 'mTLS CRM', url: `${urlOf(mtls, 'https')}/leads`, timeout: 10_000, tls: { ca: '${TEST_CA}', cert: '${CLIENT_CERT}', key: '${CLIENT_KEY}' }, retry: { max_attempts: 1 }, park: { window: 0 } };
    const started = await harness.client.startDelivery(destination, { id: `mtls-${Date.now()}`, email: 'tls@example.com' });
    const result = await started.result();
    expect(result.outcome).toBe('success');
    const history = JSON.stringify(await started.handle.fetchHistory());
    const keyBody = pki.clientKey.split('\n')[1]!;
    expect(history).not.toContain(keyBody);
    expect(Buffer.from(history).toString('utf8')).not.toContain('PRIVATE KEY');
  });

  it('a self-signed (unknown CA) destination without tls.ca fails as TLS_ERROR', async () => {
    const result = await harness.client.deliver({ name: 'Unknown CA CRM', url: `${urlOf(server, 'https')}/leads`, timeout: 10_000, retry: { max_attempts: 1 }, park: { window: 0 } }, { id: `noca-${Date.now()}`, email: 'x@example.com' });
    expect(result).toMatchObject({ outcome: 'error', errorCode: 'TLS_ERROR' });
  });
});
