import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { redactUrl } from '../core/redact/redact-url.js';
import { tracingFromEnv } from './tracing-from-env.js';
import { createTracingSetup, type TracingSetup } from './tracing-setup.js';

/**
 * The `tracing` option of the worker and the client: a SpanExporter of your own (an
 * InMemorySpanExporter in tests), `false` for none whatever the environment says, or
 * unset to follow the environment (see tracing-from-env.ts).
 */
export type TracingOption = SpanExporter | false;

export interface ResolvedTracing {
  setup: TracingSetup;
  /** Where spans go, for the start-up line: the OTLP URL with credentials stripped, or the given exporter. */
  exportsTo: string;
}

/** Loaded only when tracing is on (see worker.ts and leadwire-client.ts): the OTel SDK costs nothing otherwise. */
export async function resolveTracing(option: SpanExporter | undefined, env: Record<string, string | undefined>, serviceName: string): Promise<ResolvedTracing | undefined> {
  if (option) {
    return {
      setup: createTracingSetup(option, { serviceName, batch: false, owned: false, env }),
      exportsTo: `the given ${option.constructor?.name ?? 'span exporter'}`,
    };
  }
  const fromEnv = await tracingFromEnv(env);
  if (!fromEnv) return undefined;
  return {
    setup: createTracingSetup(fromEnv.exporter, { serviceName, batch: true, owned: true, env }),
    exportsTo: `OTLP/HTTP ${redactUrl(fromEnv.endpoint)}`,
  };
}
