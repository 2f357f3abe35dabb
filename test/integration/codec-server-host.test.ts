import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { defaultPayloadConverter } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCodecKeys } from '../../src/codec/codec-keys.js';
import { createCodecServer } from '../../src/codec/codec-server.js';
import { EncryptionCodec } from '../../src/codec/encryption-codec.js';
import { sendRaw } from '../helpers/raw-http.js';

// A codec server without a token trusts whoever reaches its port. A web page can reach a
// loopback port by DNS rebinding (evil.example resolving to 127.0.0.1), but its requests then
// carry `Host: evil.example`: that is what the server must refuse.

const codec = new EncryptionCodec(readCodecKeys({ LEADWIRE_CODEC_KEYS: `k1:${randomBytes(32).toString('base64')}` })!);
let open: FastifyInstance;
let withToken: FastifyInstance;
const portOf = (app: FastifyInstance) => (app.server.address() as AddressInfo).port;
let body: string;

beforeAll(async () => {
  open = createCodecServer({ codec, allowOrigins: ['http://localhost:8233'] });
  withToken = createCodecServer({ codec, allowOrigins: ['http://localhost:8233'], token: 't0ken' });
  await Promise.all([open.listen({ port: 0, host: '127.0.0.1' }), withToken.listen({ port: 0, host: '127.0.0.1' })]);
  const [encoded] = await codec.encode([defaultPayloadConverter.toPayload({ email: 'secret-person@example.com' })]);
  body = JSON.stringify({
    payloads: [{ metadata: Object.fromEntries(Object.entries(encoded!.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])), data: Buffer.from(encoded!.data!).toString('base64') }],
  });
});
afterAll(async () => {
  await open?.close();
  await withToken?.close();
});

const decode = (port: number, host: string, headers: Record<string, string> = {}) =>
  sendRaw(port, { method: 'POST', target: '/decode', headers: { host, 'content-type': 'application/json', ...headers }, body });

describe('codec server without a token', () => {
  it('refuses a request whose Host is not loopback, and decodes nothing for it', async () => {
    const port = portOf(open);
    for (const host of ['evil.example', `evil.example:${port}`, 'localhost.evil.example', '127.0.0.1.evil.example', '[::2]', '10.0.0.1', '']) {
      const res = await decode(port, host, { origin: 'http://evil.example' });
      expect({ host, status: res.status }).toEqual({ host, status: 403 });
      expect(res.body).not.toContain('payloads');
      expect(JSON.parse(res.body).error).toMatch(/Host/);
    }
    // A CORS preflight from the rebound page is refused the same way.
    const preflight = await sendRaw(port, { method: 'OPTIONS', target: '/decode', headers: { host: 'evil.example', origin: 'http://evil.example' } });
    expect(preflight.status).toBe(403);
  });

  it('answers loopback names and addresses, with or without a port', async () => {
    const port = portOf(open);
    for (const host of ['localhost', `localhost:${port}`, 'LOCALHOST', '127.0.0.1', `127.0.0.1:${port}`, '127.1.2.3', '[::1]', `[::1]:${port}`]) {
      const res = await decode(port, host);
      expect({ host, status: res.status }).toEqual({ host, status: 200 });
      expect(JSON.parse(Buffer.from(JSON.parse(res.body).payloads[0].data, 'base64').toString())).toEqual({ email: 'secret-person@example.com' });
    }
  });
});

describe('codec server with a token', () => {
  it('answers any Host when the token is right (it may sit behind a proxy under a real name)', async () => {
    const res = await decode(portOf(withToken), 'codec.internal.example', { authorization: 'Bearer t0ken' });
    expect(res.status).toBe(200);
    expect((await decode(portOf(withToken), 'codec.internal.example')).status).toBe(401);
  });
});
