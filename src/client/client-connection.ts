import { Client, Connection } from '@temporalio/client';
import { readCodecKeys } from '../codec/codec-keys.js';
import { EncryptionCodec } from '../codec/encryption-codec.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { connectionConfig } from '../temporal/connection-config.js';
import { tracingRequested } from '../tracing/tracing-from-env.js';
import type { ResolvedTracing, TracingOption } from '../tracing/resolve-tracing.js';
import type { LeadwireClientOptions } from './leadwire-client-types.js';

/** The Temporal client a leadwire client talks through, and how to release what was opened for it. */
export interface ClientConnection {
  temporal: Client;
  /** Closes the tracing and the connection opened here (nothing, for a client that was given). */
  close(): Promise<void>;
}

/** The given Temporal client, or one connected from the options and the environment (with its codec and tracing). */
export async function connectClient(options: LeadwireClientOptions): Promise<ClientConnection> {
  if (options.client && options.tracing) {
    throw new LeadwireError(
      'TRACING_WITH_OWN_CLIENT',
      'The tracing option applies to a client leadwire connects, but a client was given: interceptors are fixed when a Temporal Client is made. Add clientTracingInterceptors() (src/tracing/client-tracing.ts) to your Client\'s interceptors.workflow, or leave the client option out.',
    );
  }
  if (options.client) return { temporal: options.client, close: async () => {} };
  const config = connectionConfig(options);
  const codecKeys = options.codecKeys === undefined ? readCodecKeys() : (options.codecKeys ?? undefined);
  const tracing = await clientTracing(options.tracing);
  const interceptors = tracing ? (await import('../tracing/client-tracing.js')).clientTracingInterceptors(tracing.setup) : undefined;
  const connection = await Connection.connect(config.connectionOptions);
  const temporal = new Client({
    connection,
    namespace: config.namespace,
    ...(codecKeys ? { dataConverter: { payloadCodecs: [new EncryptionCodec(codecKeys)] } } : {}),
    ...(interceptors ? { interceptors: { workflow: interceptors } } : {}),
  });
  return {
    temporal,
    async close() {
      await tracing?.setup.close();
      await connection.close();
    },
  };
}

/** Tracing as the option or the environment asks; the OTel SDK is loaded only then. */
async function clientTracing(option: TracingOption | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedTracing | undefined> {
  if (option === false || (option === undefined && !tracingRequested(env))) return undefined;
  const { resolveTracing } = await import('../tracing/resolve-tracing.js');
  return resolveTracing(option, env, 'leadwire-client');
}
