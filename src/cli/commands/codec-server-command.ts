import type { Command } from 'commander';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import { waitForShutdown } from '../wait-for-shutdown.js';

interface CodecServerFlags {
  port: string;
  host: string;
  uiOrigin: string[];
}

/**
 * `leadwire codec-server`: Temporal's remote codec endpoint, so the Web UI shows an
 * authorised operator decrypted payloads while the database keeps only ciphertext.
 */
export function registerCodecServer(program: Command): void {
  program
    .command('codec-server')
    .description('decrypt leadwire payloads for the Temporal Web UI (keys in LEADWIRE_CODEC_KEYS, bearer token in LEADWIRE_CODEC_TOKEN)')
    .option('--port <port>', 'port', '8888')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--ui-origin <origin>', 'Web UI origin allowed to call it (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .action(async (opts: CodecServerFlags) => {
      const [{ readCodecKeys }, { createCodecServer }, { EncryptionCodec }] = await Promise.all([
        import('../../codec/codec-keys.js'),
        import('../../codec/codec-server.js'),
        import('../../codec/encryption-codec.js'),
      ]);
      const keys = readCodecKeys(process.env);
      if (!keys) throw new LeadwireError('CODEC_KEYS_MISSING', 'Set LEADWIRE_CODEC_KEYS (the same "keyid:base64key" list the workers use) to run the codec server.');
      const token = process.env.LEADWIRE_CODEC_TOKEN;
      if (!token) {
        console.error(
          'leadwire: warning: LEADWIRE_CODEC_TOKEN is not set, so anyone who can reach this port can decrypt payloads; it answers only requests addressed to localhost, 127.0.0.1 or [::1]. Set it and configure the same token in the Web UI.',
        );
      }
      const origins = opts.uiOrigin.length > 0 ? opts.uiOrigin : ['http://localhost:8233', 'http://127.0.0.1:8233'];
      const app = createCodecServer({ codec: new EncryptionCodec(keys), allowOrigins: origins, ...(token ? { token } : {}) });
      try {
        await app.listen({ port: Number(opts.port), host: opts.host });
      } catch (err) {
        throw new LeadwireError('PORT_UNAVAILABLE', `Could not listen on ${opts.host}:${opts.port} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Pick another --port.`);
      }
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : opts.port;
      console.log(`leadwire codec server on http://${opts.host}:${port} (key "${keys.currentKeyId}"; Web UI origins: ${origins.join(', ')}; ${token ? 'bearer token required' : 'NO token'})`);
      console.log(`Point the Web UI at it: temporal server start-dev --ui-codec-endpoint http://${opts.host}:${port}`);
      await waitForShutdown();
      await app.close();
    });
}
