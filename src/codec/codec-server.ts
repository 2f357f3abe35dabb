import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { isLoopbackHost } from '../core/network/loopback-host.js';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Web UI origins allowed to call the codec server (CORS), e.g. http://localhost:8233. */
  allowOrigins: string[];
  /**
   * When set, callers must send `Authorization: Bearer <token>`. Without it, only requests whose
   * Host header is loopback (localhost, 127.0.0.0/8, [::1]) are answered: DNS rebinding.
   */
  token?: string;
}

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const toPayload = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/**
 * Temporal's remote codec protocol (`POST /encode`, `POST /decode` with
 * `{"payloads": [...]}`), so the Web UI and `temporal` CLI can show decrypted payloads to an
 * operator who holds the token, while Temporal's database only ever stores ciphertext.
 */
export function createCodecServer(options: CodecServerOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  const expected = options.token ? Buffer.from(`Bearer ${options.token}`) : undefined;

  app.addHook('onRequest', async (req, reply) => {
    // Without a token, being on loopback is the only protection; a browser page that rebinds
    // its own name to 127.0.0.1 gets past that, but not past a check of the name it used.
    if (!expected && !isLoopbackHost(req.headers.host)) {
      return reply.code(403).send({
        error: 'This codec server has no token, so it only answers requests addressed to localhost, 127.0.0.1 or [::1] (the Host header). Set LEADWIRE_CODEC_TOKEN to serve it under another name.',
      });
    }
    const origin = req.headers.origin;
    if (origin && options.allowOrigins.includes(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-allow-credentials', 'true');
      reply.header('access-control-allow-headers', 'content-type,x-namespace,authorization');
      reply.header('access-control-allow-methods', 'POST,OPTIONS');
      reply.header('vary', 'origin');
    }
    if (req.method === 'OPTIONS') return reply.code(204).send();
    if (expected) {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply.code(401).send({ error: 'A valid "Authorization: Bearer <token>" is needed to decode leadwire payloads.' });
      }
    }
  });

  for (const op of ['encode', 'decode'] as const) {
    app.post(`/${op}`, async (req, reply) => {
      const body = req.body as { payloads?: JsonPayload[] } | undefined;
      if (!body || !Array.isArray(body.payloads)) return reply.code(400).send({ error: 'Expected a JSON body {"payloads": [...]}.' });
      try {
        const out = await options.codec[op](body.payloads.map(toPayload));
        return { payloads: out.map(toJson) };
      } catch (err) {
        return reply.code(400).send({ error: (err as Error).message });
      }
    });
  }
  return app;
}
