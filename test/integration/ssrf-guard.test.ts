import http from 'node:http';
import type { AddressInfo } from 'node:net';
import got from 'got';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAddressPolicy } from '../../src/core/network/address-policy.js';
import { createGuardedAgents } from '../../src/http/guarded-agents.js';

let server: http.Server;
let port: number;
let hits = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits++;
    if (req.url?.startsWith('/redirect')) {
      res.writeHead(302, { location: `http://127.0.0.2:${port}/landed` }).end();
      return;
    }
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const get = (url: string, agents: ReturnType<typeof createGuardedAgents>, followRedirect = false) =>
  got(url, { agent: agents, retry: { limit: 0 }, followRedirect, throwHttpErrors: false, timeout: { request: 2000 } });

describe('SSRF guard on the HTTP agents', () => {
  it('refuses a host name that resolves to loopback when loopback is not allowed, before any request', async () => {
    const agents = createGuardedAgents(createAddressPolicy());
    const before = hits;
    await expect(get(`http://localhost:${port}/`, agents)).rejects.toMatchObject({ code: 'ERR_LEADWIRE_ADDRESS_BLOCKED', message: expect.stringMatching(/loopback/) });
    expect(hits).toBe(before);
  });

  it('refuses a literal loopback IP, also in IPv4-mapped IPv6 form', async () => {
    const agents = createGuardedAgents(createAddressPolicy());
    await expect(get(`http://127.0.0.1:${port}/`, agents)).rejects.toMatchObject({ code: 'ERR_LEADWIRE_ADDRESS_BLOCKED' });
    await expect(get(`http://[::ffff:127.0.0.1]:${port}/`, agents)).rejects.toMatchObject({ code: 'ERR_LEADWIRE_ADDRESS_BLOCKED' });
  });

  it('lets loopback through when the allow-list opens it, visibly', async () => {
    const agents = createGuardedAgents(createAddressPolicy({ cidrs: ['127.0.0.1/32'] }));
    const res = await get(`http://127.0.0.1:${port}/`, agents);
    expect(res.body).toBe('ok');
    const byName = await get(`http://localhost:${port}/`, agents).catch((e: { code: string }) => e);
    // localhost may resolve to ::1 first on some machines; either it connects to 127.0.0.1 or ::1 is refused by rule.
    expect('body' in byName ? byName.body : byName.code).toMatch(/ok|ERR_LEADWIRE_ADDRESS_BLOCKED/);
  });

  it('checks every redirect hop: a redirect to a blocked address is refused', async () => {
    const agents = createGuardedAgents(createAddressPolicy({ cidrs: ['127.0.0.1/32'] }));
    await expect(get(`http://127.0.0.1:${port}/redirect`, agents, true)).rejects.toMatchObject({
      code: 'ERR_LEADWIRE_ADDRESS_BLOCKED',
      message: expect.stringMatching(/127\.0\.0\.2.*loopback/),
    });
  });
});
