import { createHmac } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { sendRaw } from '../helpers/raw-http.js';
import { runCli } from '../helpers/run-cli.js';

const HMAC_SECRET = 'receiver-hmac-secret';
const WHSEC = `whsec_${Buffer.from('standard-webhooks-key-32-bytes!!').toString('base64')}`;
let receiver: Receiver;
let files: string;
const lines: string[] = [];
let dice = 0;

beforeAll(async () => {
  files = await mkdtemp(join(tmpdir(), 'leadwire-receiver-files-'));
  await Promise.all([
    writeFile(join(files, 'accepted.json'), '{"result":"accepted","id":"F-1"}'),
    writeFile(join(files, 'accepted.xml'), '<response><status>accepted</status></response>'),
    writeFile(join(files, 'thanks.html'), '<html><body>Thank you</body></html>'),
    writeFile(join(files, 'ok.txt'), 'OK 12345'),
  ]);
  receiver = await startReceiver({ log: (l) => lines.push(l), hmacSecret: HMAC_SECRET, webhookSecret: WHSEC, filesDir: files, random: () => dice });
});
afterAll(async () => receiver?.close());
beforeEach(() => {
  receiver.clear();
  lines.length = 0;
});

const post = (path: string, body = '{"email":"a@example.com"}', headers: Record<string, string> = {}) =>
  fetch(`${receiver.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('test receiver', () => {
  it('echoes, answers any status, and keeps requests for GET /_requests with a log line each', async () => {
    const echo = await post('/echo', '{"x":1}', { 'idempotency-key': 'k-1' });
    expect(await echo.json()).toMatchObject({ method: 'POST', url: '/echo', body: '{"x":1}', headers: { 'idempotency-key': 'k-1' } });
    expect((await post('/status/418')).status).toBe(418);
    const listed = await (await fetch(`${receiver.url}/_requests`)).json();
    expect(listed.map((r: { url: string; status: number }) => [r.url, r.status])).toEqual([['/echo', 200], ['/status/418', 418]]);
    expect(lines[1]).toMatch(/POST \/status\/418 -> 418 \(25 bytes\)/);
    await fetch(`${receiver.url}/_requests`, { method: 'DELETE' });
    expect(await (await fetch(`${receiver.url}/_requests`)).json()).toEqual([]);
  });

  it('delays on ?sleep and fails N times per Idempotency-Key, then succeeds', async () => {
    const t0 = performance.now();
    expect((await post('/leads?sleep=150')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post('/leads?fail=2&fail_status=502', '{}', { 'idempotency-key': 'same' })).status);
    expect(statuses).toEqual([502, 502, 200]);
  });

  it('fails a percentage of requests with ?fail_rate', async () => {
    dice = 0.29;
    expect((await post('/leads?fail_rate=30')).status).toBe(503);
    dice = 0.3;
    expect((await post('/leads?fail_rate=30&fail_status=500')).status).toBe(200);
    dice = 0.1;
    expect((await post('/leads?fail_rate=30&fail_status=500')).status).toBe(500);
    expect(lines.at(-1)).toMatch(/failed at random \(fail_rate 30%\)/);
  });

  it('answers pings with bids: a fixed ?bid, a random one up to bid_max, each with its own ping_id', async () => {
    const fixed = await (await post('/ping?bid=12.50')).json();
    expect(fixed).toMatchObject({ status: 'success', bid: 12.5, ping_id: expect.stringMatching(/^ping-/) });
    expect((await (await post('/ping?bid=12.50')).json()).ping_id).not.toBe(fixed.ping_id);
    dice = 0.5;
    expect((await (await post('/ping?bid=random&bid_max=21')).json()).bid).toBe(11);
    expect((await (await post('/ping?bid=random&bid_min=10&bid_max=20')).json()).bid).toBe(15);
    expect((await (await post('/ping?bid=0')).json()).bid).toBe(0);
    expect((await post('/ping?bid=lots')).status).toBe(400);
    expect(lines.at(-2)).toMatch(/bid 0/);
  });

  it('verifies the guide’s HMAC signature: 200 when right, 401 when wrong or missing', async () => {
    const body = '{"email":"signed@example.com"}';
    const good = createHmac('sha256', HMAC_SECRET).update(body).digest('hex');
    expect((await post('/leads?verify=hmac', body, { 'x-signature': good })).status).toBe(200);
    expect(lines.at(-1)).toMatch(/hmac signature ok/);
    expect((await post('/leads?verify=hmac', `${body} `, { 'x-signature': good })).status).toBe(401);
    expect((await post('/leads?verify=hmac', body)).status).toBe(401);
    expect(lines.at(-1)).toMatch(/hmac signature BAD/);
    const ts = String(Date.now());
    const withTs = createHmac('sha256', HMAC_SECRET).update(`${ts}.${body}`).digest('base64');
    expect((await post('/leads?verify=hmac&signed=timestamp.body&encoding=base64', body, { 'x-signature': withTs, 'x-timestamp': ts })).status).toBe(200);
  });

  it('verifies Standard Webhooks signatures', async () => {
    const body = '{"email":"sw@example.com"}';
    const id = 'msg_1';
    const ts = String(Math.floor(Date.now() / 1000));
    const key = Buffer.from(WHSEC.slice('whsec_'.length), 'base64');
    const sig = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
    const headers = { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': `v1,${sig}` };
    expect((await post('/hooks?verify=standard-webhooks', body, headers)).status).toBe(200);
    expect((await post('/hooks?verify=standard-webhooks', body, { ...headers, 'webhook-id': 'msg_2' })).status).toBe(401);
  });

  it.each([
    ['accepted.json', 'application/json', '{"result":"accepted","id":"F-1"}'],
    ['accepted.xml', 'application/xml', '<response><status>accepted</status></response>'],
    ['thanks.html', 'text/html; charset=utf-8', '<html><body>Thank you</body></html>'],
    ['ok.txt', 'text/plain; charset=utf-8', 'OK 12345'],
  ])('answers ?file=%s with its content type', async (file, type, text) => {
    const res = await post(`/leads?file=${file}`);
    expect(res.headers.get('content-type')).toBe(type);
    expect(await res.text()).toBe(text);
  });

  it('never serves files outside its files directory', async () => {
    const res = await post('/leads?file=../../etc/passwd');
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/No file passwd/);
  });

  it('lists what it got only to requests addressed to loopback, not to a page that rebinds its name (DNS rebinding)', async () => {
    await post('/leads', '{"email":"kept@example.com"}', { authorization: 'Bearer dev-secret' });
    for (const method of ['GET', 'DELETE']) {
      const rebound = await sendRaw(receiver.port, { method, target: '/_requests', headers: { host: 'evil.example', origin: 'http://evil.example' } });
      expect({ method, status: rebound.status }).toEqual({ method, status: 403 });
      expect(rebound.body).not.toContain('kept@example.com');
      expect(rebound.body).not.toContain('dev-secret');
    }
    const local = await sendRaw(receiver.port, { method: 'GET', target: '/_requests', headers: { host: `localhost:${receiver.port}` } });
    expect(local.status).toBe(200);
    expect(local.body).toContain('kept@example.com');
  });

  it('runs from the CLI: leadwire receiver --help lists the modes', async () => {
    const run = await runCli(['receiver', '--help']);
    expect(run.stdout).toMatch(/--hmac-secret/);
    expect(run.stdout).toMatch(/--files <dir>/);
    // Issue 21: the ?fail=N counts started over on every restart, unannounced.
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('--state <file> keep the ?fail=N counts in this file, so a restart does not start them over (default: in memory, reset on every start)');
  });

  // Issue 21: `leadwire dev` restarted, a retried delivery met a fresh `?fail=2` and parked again.
  it('keeps ?fail=N counts across a restart in its state file, as leadwire dev --db does', async () => {
    const state = join(files, 'receiver-state.json');
    const send = (r: Receiver) => fetch(`${r.url}/leads?fail=2`, { method: 'POST', headers: { 'idempotency-key': 'kept-1' }, body: '{}' }).then((res) => res.status);
    const first = await startReceiver({ stateFile: state });
    expect(await send(first)).toBe(503);
    await first.close();
    const again = await startReceiver({ stateFile: state });
    expect([await send(again), await send(again)]).toEqual([503, 200]);
    await again.close();
    const forgetful = await startReceiver();
    expect(await send(forgetful)).toBe(503);
    await forgetful.close();
  });
});
