import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Where spans go when tracing was switched on from the environment. */
interface EnvTracing {
  exporter: SpanExporter;
  /** The OTLP/HTTP traces URL, for the start-up line. */
  endpoint: string;
}

/** The OTLP/HTTP traces URL the exporter posts to (OpenTelemetry's exporter spec, OTLP/HTTP defaults). */
export function otlpTracesEndpoint(env: Record<string, string | undefined>): string {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  // The generic endpoint is a base URL: the signal path is appended to it.
  if (base) return `${base.replace(/\/+$/, '')}/v1/traces`;
  return 'http://localhost:4318/v1/traces';
}

/**
 * Whether the environment asks for tracing: `LEADWIRE_OTEL=1`, or one of the standard
 * `OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` variables.
 * `LEADWIRE_OTEL=0` turns it off even when those are set.
 */
export function tracingRequested(env: Record<string, string | undefined>): boolean {
  const flag = env.LEADWIRE_OTEL?.trim().toLowerCase();
  if (flag === '0' || flag === 'false' || flag === 'off') return false;
  if (flag === '1' || flag === 'true' || flag === 'on') return true;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/**
 * An OTLP/HTTP span exporter when the environment asks for tracing, else undefined. The
 * exporter package is loaded only then, so a worker without tracing never pays for it.
 * The exporter itself reads the rest of the standard `OTEL_EXPORTER_OTLP_*` settings (headers, timeout).
 */
export async function tracingFromEnv(env: Record<string, string | undefined> = process.env): Promise<EnvTracing | undefined> {
  if (!tracingRequested(env)) return undefined;
  const endpoint = otlpTracesEndpoint(env);
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  return { exporter: new OTLPTraceExporter({ url: endpoint }), endpoint };
}
