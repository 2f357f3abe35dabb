import { Runtime } from '@temporalio/worker';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { createLogger } from '../logging/create-logger.js';
import { pinoTemporalLogger } from '../logging/pino-temporal-logger.js';

/**
 * Installs the Temporal Core runtime with the SDK's own Prometheus metrics (task latencies,
 * poll counts, sticky cache, ...) served on `bindAddress` (e.g. `0.0.0.0:9465`), and the SDK's
 * logs going through leadwire's JSON logger. Must run before the first connection in the process.
 */
export function installTelemetryRuntime(bindAddress: string, env: Record<string, string | undefined> = process.env): void {
  const level = (env.LEADWIRE_LOG_LEVEL ?? 'WARN').toUpperCase();
  try {
    Runtime.install({
      logger: pinoTemporalLogger(createLogger({ env, level: level === 'WARNING' ? 'warn' : level.toLowerCase() })),
      telemetryOptions: {
        metrics: { prometheus: { bindAddress }, metricPrefix: 'temporal_' },
      },
    });
  } catch (err) {
    throw new LeadwireError(
      'SDK_METRICS_UNAVAILABLE',
      `Could not start the Temporal SDK metrics on ${bindAddress} (${(err as Error).message.split('\n')[0]}). Pick another --sdk-metrics-port, or leave it out.`,
    );
  }
}
