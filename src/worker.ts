import { Client } from '@temporalio/client';
import { NativeConnection, Worker, type ReplayWorkerOptions, type WorkerOptions, type WorkflowBundleOption } from '@temporalio/worker';
import { createLeadwireClient, type LeadwireClient } from './client/leadwire-client.js';
import { LeadwireError } from './core/errors/leadwire-error.js';
import { createActivities } from './activities/create-activities.js';
import { loadSecretStore } from './config/load-secrets-file.js';
import type { SecretStore } from './core/secrets/secret-store.js';
import type { HttpSenderOptions } from './http/send-http-request.js';
import { readCodecKeys, type CodecKeys } from './codec/codec-keys.js';
import { EncryptionCodec } from './codec/encryption-codec.js';
import { allowListFromEnv, parseAllowList } from './core/network/network-allow-list.js';
import type { NetworkAllowList } from './core/network/address-policy.js';
import type { Logger } from './logging/create-logger.js';
import type { DeliveryMetrics } from './metrics/delivery-metrics.js';
import { deliverySinks } from './metrics/delivery-sinks.js';
import { metricsInterceptor } from './metrics/metrics-interceptor.js';
import { sharedSandbox } from './sandbox/evaluator.js';
import type { SandboxPoolOptions } from './sandbox/sandbox-pool.js';
import { sandboxOptionsFromEnv } from './sandbox/sandbox-options-from-env.js';
import { DEFAULT_TASK_QUEUE } from './shared/task-queue.js';
import { createSender, serveMetrics, setUpTelemetry } from './worker-setup.js';
import { connectionConfig, type ConnectOverrides } from './temporal/connection-config.js';
import { modulePath } from './temporal/project-root.js';
import { workerTuningOptions, type WorkerTuning } from './temporal/worker-tuning.js';
import { upToDatePrebuiltBundle } from './temporal/workflow-bundle.js';
import { tracingRequested } from './tracing/tracing-from-env.js';
import type { ResolvedTracing, TracingOption } from './tracing/resolve-tracing.js';
import type { WorkerTracing } from './tracing/worker-tracing.js';

/** The workflows' entry module, which the worker bundles (src/workflows/index.ts, or its compiled dist/ twin). */
export const WORKFLOWS_PATH = modulePath('workflows/index');

/**
 * Options for `Worker.runReplayHistory` that match what a leadwire worker registers: the
 * workflows and the sinks they report to (not called on replay), so a replay logs no
 * "Workflow referenced an unregistered external sink".
 */
export function replayWorkerOptions(replayName?: string): ReplayWorkerOptions {
  return { workflowsPath: WORKFLOWS_PATH, sinks: deliverySinks(undefined, undefined), ...(replayName ? { replayName } : {}) };
}

export interface LeadwireWorkerOptions extends ConnectOverrides {
  taskQueue?: string;
  /** An existing connection (tests share one); otherwise one is opened from the environment. */
  connection?: NativeConnection;
  /**
   * A workflow bundle built ahead of time; otherwise the one `npm run bundle` wrote, while
   * src/ is unchanged since; otherwise the workflows are bundled at start.
   */
  workflowBundle?: WorkflowBundleOption;
  /** Concurrency and cache sizes (see src/temporal/worker-tuning.ts); `'sdk'`: Temporal's own defaults. */
  tuning?: WorkerTuning | 'sdk';
  /**
   * The environment the worker's secrets come from; default process.env. Destinations read only
   * granted secrets: `LEADWIRE_SECRET_<NAME>` variables (for every destination), and the secrets
   * file `LEADWIRE_SECRETS_FILE` names (per destination and host; see SECURITY.md), never the
   * environment's other variables.
   */
  env?: Record<string, string | undefined>;
  http?: HttpSenderOptions;
  /**
   * What the SSRF guard opens beyond public addresses: CIDRs (`10.1.0.0/16`, `::1`) and host
   * names. Default `LEADWIRE_ALLOW_NETWORKS` (comma-separated); unset: nothing, so loopback,
   * private and link-local addresses (cloud metadata included) are refused.
   */
  network?: { allow?: string[] };
  /**
   * Keys of the payload encryption codec; default `LEADWIRE_CODEC_KEYS`. With keys, leads,
   * configs and results are AES-256-GCM ciphertext in Temporal's database. `null`: no codec.
   */
  codecKeys?: CodecKeys | null;
  /** Prometheus metrics to record deliveries, attempts and response times in (see src/metrics). */
  metrics?: DeliveryMetrics;
  /** Structured JSON logger: one line per attempt and per finished delivery. */
  logger?: Logger;
  /**
   * Serve leadwire's Prometheus metrics on this port (`GET /metrics`; 0 picks a free one).
   * Default `LEADWIRE_METRICS_PORT`; unset: no metrics server.
   */
  metricsPort?: number;
  /**
   * Serve the Temporal SDK's own Prometheus metrics on this port. Default
   * `LEADWIRE_SDK_METRICS_PORT`; needs to be set before anything else in the process talks to Temporal.
   */
  sdkMetricsPort?: number;
  /**
   * OpenTelemetry tracing through Temporal's interceptors: a SpanExporter to send spans to,
   * or `false` for none. Default: on when `LEADWIRE_OTEL=1` or `OTEL_EXPORTER_OTLP_ENDPOINT` /
   * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set, exporting over OTLP/HTTP. With tracing the
   * workflows are bundled at start (a prebuilt bundle lacks the tracing interceptors).
   */
  tracing?: TracingOption;
  /**
   * The evaluation sandbox (the processes that run templates, expressions and response rules,
   * see src/sandbox/sandbox-pool.ts). Default `LEADWIRE_SANDBOX_PROCESSES` (2),
   * `LEADWIRE_SANDBOX_TIMEOUT_MS` (3000), `LEADWIRE_SANDBOX_FAST_LANE_MS` (500) and
   * `LEADWIRE_SANDBOX_MEMORY_MB` (128), see src/sandbox/sandbox-options-from-env.ts. One sandbox
   * serves every worker of a process: the first worker's options make it.
   */
  sandbox?: Omit<SandboxPoolOptions, 'env'>;
}

export interface LeadwireWorker {
  worker: Worker;
  /** What the SSRF guard lets through beyond public addresses (print it at start). */
  allowList: Required<NetworkAllowList>;
  /** Whether payloads are encrypted (a codec key is configured), and with which key id. */
  codecKeyId?: string;
  /** Which secrets destinations may use, and from where (names only; print it at start). */
  secrets: SecretStore['summary'];
  /** Where leadwire's metrics are served, when a metrics port was given. */
  metricsUrl?: string;
  /** Where spans are exported, when tracing is on. */
  tracingExportsTo?: string;
  /**
   * A leadwire client on this worker's own connection, namespace, task queue and codec, that
   * starts deliveries with eager workflow start: their first workflow task (and so the first
   * attempt) runs here at once, without a trip through the server's matching. For processes
   * that take leads and deliver them (`leadwire serve --worker`). Close it before the worker stops.
   */
  createClient(): Promise<LeadwireClient>;
  /** Runs until shutdown (SIGINT/SIGTERM, or `worker.shutdown()`), then releases connections. */
  run(): Promise<void>;
}

/**
 * The composition root: reads configuration once and wires the HTTP sender, the activities
 * and the workflows into a Temporal worker.
 */
export async function createLeadwireWorker(options: LeadwireWorkerOptions = {}): Promise<LeadwireWorker> {
  const processEnv = process.env;
  // First: a worker whose secrets file is invalid does not start, and opens nothing.
  const secrets = loadSecretStore(options.env ?? processEnv);
  const { metrics, metricsPort } = setUpTelemetry(options, processEnv);
  const tracing = await tracingFor(options, processEnv);
  const traced = tracing ? (await import('./tracing/worker-tracing.js')).workerTracing(tracing.setup) : undefined;
  const config = connectionConfig(options);
  const ownConnection = options.connection ? undefined : await NativeConnection.connect(config.connectionOptions);
  const connection = options.connection ?? ownConnection!;
  const allowList = options.network?.allow ? parseAllowList(options.network.allow, 'network.allow') : allowListFromEnv(processEnv);
  const codecKeys = options.codecKeys === undefined ? readCodecKeys(processEnv) : (options.codecKeys ?? undefined);
  const sandbox = sharedSandbox(options.sandbox ?? sandboxOptionsFromEnv(processEnv));
  // Loaded now: the first delivery does not wait for it, and a sandbox that cannot start stops the worker here.
  await sandbox.pool.ready();
  const http = createSender(options, allowList, processEnv);
  const worker = await Worker.create(
    await temporalWorkerOptions(options, { connection, namespace: config.namespace, codecKeys, traced, metrics, activities: createActivities({ http, secrets, evaluator: sandbox.evaluator }) }),
  );
  const metricsServer = await serveMetrics(metrics, metricsPort, async () => {
    http.close();
    await tracing?.setup.close();
    await ownConnection?.close();
  });
  return {
    worker,
    allowList,
    secrets: secrets.summary,
    ...(codecKeys ? { codecKeyId: codecKeys.currentKeyId } : {}),
    ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
    ...(tracing ? { tracingExportsTo: tracing.exportsTo } : {}),
    createClient: async () => eagerClient(connection, config.namespace, codecKeys, options.taskQueue ?? DEFAULT_TASK_QUEUE),
    async run() {
      try {
        await worker.run();
      } finally {
        await metricsServer?.close();
        await tracing?.setup.close();
        http.close();
        await ownConnection?.close();
      }
    },
  };
}

/** What the Temporal worker is made of, besides the options. */
interface WorkerParts {
  connection: NativeConnection;
  namespace: string;
  codecKeys: CodecKeys | undefined;
  traced: WorkerTracing | undefined;
  metrics: DeliveryMetrics | undefined;
  activities: ReturnType<typeof createActivities>;
}

/** The Temporal worker's options: queue, codec, workflow code, tuning, activities, sinks and interceptors. */
async function temporalWorkerOptions(options: LeadwireWorkerOptions, { connection, namespace, codecKeys, traced, metrics, activities }: WorkerParts): Promise<WorkerOptions> {
  const activityInterceptors = [
    ...(traced ? [traced.activityInterceptors] : []),
    ...(metrics || options.logger ? [metricsInterceptor(metrics, options.logger)] : []),
  ];
  return {
    connection,
    namespace,
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    ...(codecKeys ? { dataConverter: { payloadCodecs: [new EncryptionCodec(codecKeys)] } } : {}),
    // The tracing interceptors must be bundled into the workflow code, so tracing always bundles at start.
    ...(traced ? { workflowsPath: WORKFLOWS_PATH } : await workflowSource(options.workflowBundle)),
    ...workerTuningOptions(options.tuning),
    activities,
    // The workflow always reports finished deliveries; without metrics or a logger the sink does nothing.
    sinks: { ...deliverySinks(metrics, options.logger), ...traced?.sinks },
    ...(activityInterceptors.length > 0 ? { interceptors: { activity: activityInterceptors, ...(traced ? { workflowModules: traced.workflowModules } : {}) } } : {}),
  };
}

/** A leadwire client on the worker's own connection, namespace, task queue and codec, starting deliveries eagerly. */
function eagerClient(connection: NativeConnection, namespace: string, codecKeys: CodecKeys | undefined, taskQueue: string): Promise<LeadwireClient> {
  const client = new Client({
    connection,
    namespace,
    ...(codecKeys ? { dataConverter: { payloadCodecs: [new EncryptionCodec(codecKeys)] } } : {}),
  });
  return createLeadwireClient({ client, taskQueue, eagerStart: true });
}

/** The given bundle, else an up-to-date prebuilt one (`npm run bundle`), else bundle at start. */
async function workflowSource(given: WorkflowBundleOption | undefined): Promise<{ workflowBundle: WorkflowBundleOption } | { workflowsPath: string }> {
  if (given) return { workflowBundle: given };
  const prebuilt = await upToDatePrebuiltBundle(WORKFLOWS_PATH);
  return prebuilt ? { workflowBundle: { codePath: prebuilt } } : { workflowsPath: WORKFLOWS_PATH };
}

/**
 * Tracing as the option or the environment asks; the OTel SDK is loaded only then. A given
 * workflow bundle cannot carry the tracing interceptors: with the tracing option that is
 * refused rather than tracing half of each delivery; when only the environment asks, the
 * caller's explicit bundle wins and tracing stays off, said once.
 */
async function tracingFor(options: LeadwireWorkerOptions, env: NodeJS.ProcessEnv): Promise<ResolvedTracing | undefined> {
  const option = options.tracing;
  if (option === false || (option === undefined && !tracingRequested(env))) return undefined;
  if (options.workflowBundle) {
    if (option === undefined) {
      const message = 'tracing is requested by LEADWIRE_OTEL / OTEL_EXPORTER_OTLP_* but this worker was given a prebuilt workflowBundle, which lacks the tracing workflow interceptors: tracing stays off for it. Leave workflowBundle out to trace.';
      if (options.logger) options.logger.warn({ tracing: false }, message);
      else console.warn(`leadwire: warning: ${message}`);
      return undefined;
    }
    throw new LeadwireError(
      'TRACING_WITH_PREBUILT_BUNDLE',
      'The tracing option is set but a workflowBundle was given, and a prebuilt bundle does not contain the tracing workflow interceptors. Leave workflowBundle out (the worker then bundles the workflows with them), or pass tracing: false.',
    );
  }
  const { resolveTracing } = await import('./tracing/resolve-tracing.js');
  return resolveTracing(option, env, 'leadwire-worker');
}
