import { LeadwireError } from './core/errors/leadwire-error.js';
import type { NetworkAllowList } from './core/network/address-policy.js';
import { redactUrl } from './core/redact/redact-url.js';
import { createHttpSender, type HttpSenderOptions } from './http/send-http-request.js';
import { proxyFromEnv } from './http/proxy-settings.js';
import type { Logger } from './logging/create-logger.js';
import { createDeliveryMetrics, type DeliveryMetrics } from './metrics/delivery-metrics.js';
import { installTelemetryRuntime } from './metrics/install-telemetry-runtime.js';
import { startMetricsServer, type MetricsServer } from './metrics/metrics-server.js';
import { installRuntime } from './temporal/install-runtime.js';

// The steps of a worker's start that face outside Temporal: metrics, and the HTTP sender deliveries go out through (src/worker.ts wires them).

/** The Temporal SDK's metrics (when a port is set) and runtime, and leadwire's own metrics: given, or made when a metrics port is set. */
export function setUpTelemetry(options: { sdkMetricsPort?: number; metricsPort?: number; metrics?: DeliveryMetrics }, processEnv: NodeJS.ProcessEnv): { metrics: DeliveryMetrics | undefined; metricsPort: number | undefined } {
  const sdkMetricsPort = options.sdkMetricsPort ?? portFromEnv(processEnv.LEADWIRE_SDK_METRICS_PORT, 'LEADWIRE_SDK_METRICS_PORT');
  if (sdkMetricsPort !== undefined) installTelemetryRuntime(`0.0.0.0:${sdkMetricsPort}`, processEnv);
  installRuntime();
  const metricsPort = options.metricsPort ?? portFromEnv(processEnv.LEADWIRE_METRICS_PORT, 'LEADWIRE_METRICS_PORT');
  const metrics = options.metrics ?? (metricsPort !== undefined ? createDeliveryMetrics() : undefined);
  return { metrics, metricsPort };
}

/** The HTTP sender deliveries go out through: the SSRF allow list, TLS material, the egress proxy (said once), a warning per unverified origin. */
export function createSender(options: { logger?: Logger; http?: HttpSenderOptions }, allowList: Required<NetworkAllowList>, processEnv: NodeJS.ProcessEnv): ReturnType<typeof createHttpSender> {
  const warned = new Set<string>();
  const proxy = proxyFromEnv(processEnv);
  if (proxy) {
    const line = `egress proxy: https ${redactUrl(proxy.https ?? 'none')}, http ${redactUrl(proxy.http ?? 'none')}${proxy.noProxy.length ? `, direct for ${proxy.noProxy.join(', ')}` : ''}`;
    if (options.logger) options.logger.info({ proxy: true }, line);
    else console.log(`leadwire: ${line}`);
  }
  return createHttpSender({
    allow: allowList,
    ...(processEnv.LEADWIRE_TLS_DIR ? { tlsDir: processEnv.LEADWIRE_TLS_DIR } : {}),
    // HTTPS_PROXY / HTTP_PROXY / NO_PROXY: deliveries leave through the egress proxy (stable source IPs).
    ...(proxy ? { proxy } : {}),
    // Once per origin and worker start: certificate checking off is for development only.
    onUnverifiedTls: (origin) => {
      if (warned.has(origin)) return;
      warned.add(origin);
      const message = `validate_ssl: false for ${origin}: its TLS certificate is not checked, so anyone on the path can read and change deliveries. Configure its CA with tls.ca instead.`;
      if (options.logger) options.logger.warn({ origin }, message);
      else console.warn(`leadwire: warning: ${message}`);
    },
    ...options.http,
  });
}

/** Serves leadwire's metrics when a port is set; a port that cannot be served releases what was opened (`release`) and stops the worker. */
export async function serveMetrics(metrics: DeliveryMetrics | undefined, metricsPort: number | undefined, release: () => Promise<void>): Promise<MetricsServer | undefined> {
  try {
    if (metrics && metricsPort !== undefined) return await startMetricsServer(metrics.registry, { port: metricsPort });
    return undefined;
  } catch (err) {
    await release();
    throw new LeadwireError(
      'METRICS_PORT_UNAVAILABLE',
      `Could not serve metrics on port ${metricsPort} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Pick another --metrics-port / LEADWIRE_METRICS_PORT.`,
    );
  }
}

/** A port number from the environment variable `name`; unset or empty: none. */
function portFromEnv(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new LeadwireError('ENV_INVALID', `${name} must be a port number (0 to 65535), got ${JSON.stringify(value)}. Fix or unset it.`);
  }
  return port;
}
