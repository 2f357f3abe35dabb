import type { Command } from 'commander';
import { withConnectionOptions, type ConnectionFlags } from '../connection-options.js';

interface WorkerFlags extends ConnectionFlags {
  metricsPort?: string;
  sdkMetricsPort?: string;
}

export function registerWorker(program: Command): void {
  withConnectionOptions(
    program
      .command('worker')
      .description('run a leadwire worker until SIGINT or SIGTERM; JSON logs on stdout (LEADWIRE_LOG_LEVEL)')
      .option('--metrics-port <port>', "serve leadwire's Prometheus metrics on GET /metrics (default: LEADWIRE_METRICS_PORT)")
      .option('--sdk-metrics-port <port>', "serve the Temporal SDK's own Prometheus metrics (default: LEADWIRE_SDK_METRICS_PORT)"),
  ).action(async (opts: WorkerFlags) => {
    // Fails at once, naming the address, when nothing listens there.
    await (await import('../connect-client.js')).reachableTemporal(opts);
    const [{ createLogger }, { createLeadwireWorker }, { describeAllowList }, { describeSecretGrants }] = await Promise.all([
      import('../../logging/create-logger.js'),
      import('../../worker.js'),
      import('../../core/network/network-allow-list.js'),
      import('../../core/secrets/secret-store.js'),
    ]);
    const logger = createLogger();
    const worker = await createLeadwireWorker({
      taskQueue: opts.taskQueue,
      ...(opts.address ? { address: opts.address } : {}),
      ...(opts.namespace ? { namespace: opts.namespace } : {}),
      ...(opts.metricsPort !== undefined ? { metricsPort: Number(opts.metricsPort) } : {}),
      ...(opts.sdkMetricsPort !== undefined ? { sdkMetricsPort: Number(opts.sdkMetricsPort) } : {}),
      logger,
    });
    logger.info({ allowNetworks: [...worker.allowList.cidrs, ...worker.allowList.hosts] }, describeAllowList(worker.allowList));
    logger.info({ codecKeyId: worker.codecKeyId ?? null }, worker.codecKeyId ? `payloads encrypted (AES-256-GCM, key "${worker.codecKeyId}")` : 'payloads are not encrypted (set LEADWIRE_CODEC_KEYS to encrypt them)');
    logger.info({ secrets: worker.secrets }, describeSecretGrants(worker.secrets));
    if (worker.tracingExportsTo) logger.info({ tracing: worker.tracingExportsTo }, `tracing on (OpenTelemetry): spans exported to ${worker.tracingExportsTo}`);
    logger.info({ taskQueue: opts.taskQueue, metrics: worker.metricsUrl }, `leadwire worker polling task queue "${opts.taskQueue}" (Ctrl-C to stop)`);
    await worker.run();
    logger.info('leadwire worker stopped');
  });
}
