import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { DestinationInput } from '../src/config/destination-schema.js';
import { parseDestination } from '../src/config/parse-destination.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { PROJECT_ROOT } from '../src/temporal/project-root.js';
import { DEFAULT_WORKER_TUNING } from '../src/temporal/worker-tuning.js';
import { TEMPORAL_SERVER_VERSION } from '../scripts/cluster/cluster-layout.js';
import { ensureBenchCluster, type BenchCluster } from './bench-cluster.js';
import { startReceiverProcess } from './bench-processes.js';
import { checkClosedLoop, checkTargets, computeRatios, formatCpu, formatRatios, formatScaleOut, formatTable, formatTargets, machineInfo } from './bench-report.js';
import { ON_DEMAND_SCENARIOS, SCENARIOS, startSweepIntakes, type SweepIntakes, type BenchContext, type BenchSizes, type ScenarioName, type ScenarioResult } from './bench-scenarios.js';
import { openTarget, type BenchTarget, type ServerKind } from './bench-target.js';
import { coldStartTargets, formatColdStart, measureCliColdStart } from './cli-cold-start.js';
import { formatHistoryBytes, measureHistoryBytes, type HistoryBytesResult } from './history-bytes.js';
import { clusterProcessGroups, measureCpu, processTree, type ProcessGroups } from './process-cpu.js';
import { formatSandboxFairness, measureSandboxFairness, sandboxFairnessTargets } from './sandbox-fairness.js';
import { scaleOut, type ScaleOutResult } from './scale-out.js';

/** Not a delivery scenario of the table: worker processes added one by one (bench/scale-out.ts). */
const SCALE_OUT = 'scale-out';
/** Not a delivery scenario of the table: history bytes per lead, its own table (bench/history-bytes.ts). */
const HISTORY_BYTES = 'history-bytes';
/** What `--cluster` runs on the cluster too, beside the dev server. */
const CLUSTER_SCENARIOS: readonly string[] = ['single', 'batch', SCALE_OUT];

const HELP = `npm run bench [-- options]

Starts its own Temporal dev server, a receiver and a worker (each its own process, all on
127.0.0.1), runs the scenarios, prints a table and writes bench/results.json.

  --quick                 small counts and 1.5 s per latency run (under 2 minutes; CI runs it
                          with --cluster)
  --only a,b              run only these scenarios (${Object.keys(SCENARIOS).join(', ')}, ${SCALE_OUT}, ${HISTORY_BYTES}, cli-cold-start,
                          sandbox-fairness);
                          ${ON_DEMAND_SCENARIOS.join(' and ')} (flows) run only when named, e.g. --only single,${ON_DEMAND_SCENARIOS.join(',')}
  --cluster               also run ${CLUSTER_SCENARIOS.join(', ')} on the project's PostgreSQL-backed
                          cluster (npm run cluster; started if it is not up, and then stopped
                          again; LEADWIRE_CLUSTER_PORT / LEADWIRE_CLUSTER_POSTGRES_PORT pick its
                          ports), each right after the same scenario on the dev server
  --tuning sdk            the worker with Temporal's default settings instead of leadwire's
  --max-cached-workflows N  leadwire's tuning with this workflow cache size (default ${DEFAULT_WORKER_TUNING.maxCachedWorkflows}),
                          to measure its effect on RSS and throughput
  --no-eager-activities   leave the dev server's eager activity execution off
  --out FILE              where to write the results (default bench/results.json)

${SCALE_OUT} runs only when named (--only) or with --cluster (then on the cluster, where full
runs add a run with one of three workers SIGKILLed). sandbox-fairness (an ordinary render
beside hostile configs, no Temporal) runs in full runs and when named. ${HISTORY_BYTES} (history
bytes per lead: single, parked, batch lead, auction; about 20 s) runs last, on the dev server;
alone: npm run bench -- --only ${HISTORY_BYTES}
`;

const FULL: BenchSizes = { raw: 10_000, trivial: 2000, empty: 2000, single: 2000, sweepSeconds: 10, sweepWarmup: 20, sweepIntakeFractions: [0.25, 0.5, 0.75], retrying: 1000, batch: 20_000, batchSize: 100, warmup: 100, deadlineMs: 300_000, historySample: 20, scaleOut: 600 };
const QUICK: BenchSizes = { raw: 1000, trivial: 200, empty: 200, single: 200, sweepSeconds: 1.5, sweepWarmup: 5, sweepIntakeFractions: [0.5], retrying: 100, batch: 2000, batchSize: 100, warmup: 20, deadlineMs: 25_000, historySample: 5, scaleOut: 150 };
/** Not a delivery scenario: the compiled CLI's cold start (bench/cli-cold-start.ts), measured first. */
const COLD_START = 'cli-cold-start';
/** Not a delivery scenario: an ordinary render beside hostile configs in the sandbox alone (bench/sandbox-fairness.ts), measured next. */
const SANDBOX_FAIRNESS = 'sandbox-fairness';

const noop = () => {};
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => console.error(m) };

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    cluster: { type: 'boolean', default: false },
    tuning: { type: 'string', default: 'leadwire' },
    'max-cached-workflows': { type: 'string' },
    'no-eager-activities': { type: 'boolean', default: false },
    out: { type: 'string', default: fileURLToPath(new URL('./results.json', import.meta.url)) },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
/** The whole run's start, cold start included (results.json's `duration_seconds`). */
const benchStarted = Date.now();
const sizes = flags.quick ? QUICK : FULL;
const only = flags.only?.split(',');
type StepName = ScenarioName | typeof SCALE_OUT | typeof HISTORY_BYTES;
const names = (only ? only.filter((n) => n !== COLD_START && n !== SANDBOX_FAIRNESS) : [...Object.keys(SCENARIOS).filter((n) => !ON_DEMAND_SCENARIOS.includes(n as ScenarioName)), HISTORY_BYTES]) as StepName[];
// The latency sweep offers fractions of empty-workflow's rate, measured first in the same run.
if (names.includes('latency') && !names.includes('empty-workflow')) names.splice(names.indexOf('latency'), 0, 'empty-workflow');
for (const name of names) if (!(name in SCENARIOS) && name !== SCALE_OUT && name !== HISTORY_BYTES) throw new Error(`Unknown scenario ${name}; pick from ${Object.keys(SCENARIOS).join(', ')}, ${SCALE_OUT}, ${HISTORY_BYTES}, ${COLD_START}, ${SANDBOX_FAIRNESS}.`);
if (flags.tuning !== 'leadwire' && flags.tuning !== 'sdk') throw new Error('--tuning is `leadwire` (default) or `sdk`.');
const eagerActivities = !flags['no-eager-activities'];
// The cluster's dynamic config is deploy/temporal/dynamicconfig.yaml (eager activities on): it cannot follow the flag.
if (flags.cluster && !eagerActivities) throw new Error('--no-eager-activities applies to the dev server only; the cluster takes deploy/temporal/dynamicconfig.yaml. Leave out one of the two.');
const clusterNames = (flags.cluster ? (only ? names.filter((n) => CLUSTER_SCENARIOS.includes(n)) : CLUSTER_SCENARIOS) : []) as StepName[];
// Each scenario on the dev server, then at once the same one on the cluster, so the two compare.
const plan: { name: StepName; server: ServerKind }[] = [];
for (const name of names) {
  plan.push({ name, server: 'dev' });
  if (clusterNames.includes(name)) plan.push({ name, server: 'cluster' });
}
for (const name of clusterNames) if (!names.includes(name)) plan.push({ name, server: 'cluster' });

const log = (line: string) => console.error(`bench: ${line}`);
const machine = machineInfo();
// First, on a machine with nothing of the bench's running yet: the compiled CLI's cold start
// (`leadwire --help`, `leadwire validate`) next to `node -e 0`. Outside the scenarios' budget.
const coldStart = !only || only.includes(COLD_START) ? await measureCliColdStart(flags.quick ? 5 : 15, log) : undefined;
if (coldStart) log(coldStart.error ? `cli cold start failed: ${coldStart.error}` : `cli cold start: ${coldStart.commands.map((c) => `${c.name} ${c.median_ms} ms`).join(', ')}`);
// Then, still before any server starts: an ordinary render beside hostile configs (issue 20, item 4).
const fairness = (!only && !flags.quick) || only?.includes(SANDBOX_FAIRNESS) ? await measureSandboxFairness(flags.quick ? 4 : 8, log) : undefined;
if (fairness) log(fairness.error ? `sandbox fairness failed: ${fairness.error}` : `sandbox fairness: ${fairness.phases.map((p) => `max ${p.max_ms} ms`).join(', ')}`);
// A missed target is reported, as every target is; a failed run or a failed ordinary render fails the bench.
const fairnessFailed = fairness !== undefined && (fairness.error !== undefined || fairness.phases.some((p) => p.failed > 0));
if (names.length === 0 && (coldStart || fairness)) {
  const targets = [...(coldStart ? coldStartTargets(coldStart) : []), ...(fairness ? sandboxFairnessTargets(fairness) : [])];
  const report = { date: new Date().toISOString(), mode: flags.quick ? 'quick' : 'full', machine, ...(coldStart ? { cli_cold_start: coldStart } : {}), ...(fairness ? { sandbox_fairness: fairness } : {}), targets };
  await writeFile(flags.out, `${JSON.stringify(report, null, 2)}\n`);
  const tables = [...(coldStart ? [formatColdStart(coldStart)] : []), ...(fairness ? [formatSandboxFairness(fairness)] : [])];
  console.log(`\n${tables.join('\n\n')}\n\n${formatTargets(targets)}\n\nWrote ${flags.out}`);
  process.exit(coldStart?.error || fairnessFailed ? 1 : 0);
}

// A hard stop, so a stuck run never outlives its budget: 15 minutes (10 on a quiet machine, but
// the latency sweep holds its rates for 10 s each whatever the load), 2 for --quick; with
// --cluster, 20 minutes, 4 for --quick (a second server, three more scenarios, and a worker kill
// that waits out its send's timeout).
// history-bytes adds 45 s (it takes about 20).
const budgetMs = (flags.cluster && clusterNames.length > 0 ? (flags.quick ? 235_000 : 1_190_000) : flags.quick ? 115_000 : 890_000) + (names.includes(HISTORY_BYTES) ? 45_000 : 0);
/** Stops what must not outlive the bench (a cluster it started), even when the watchdog fires. */
let releaseCluster: (() => Promise<void>) | undefined;
const stopEarly = (why: string) => {
  console.error(`bench: ${why}; stopping.`);
  // What was measured before the stop is kept: the table so far, and a partial results.json.
  try {
    if (results.length > 0) {
      console.log(`\n${formatTable(results)}\n\n${checkClosedLoop(results).line}\n\n(stopped early: ${why})`);
      writeFileSync(flags.out, `${JSON.stringify({ date, mode: flags.quick ? 'quick' : 'full', partial: true, stopped: why, machine, scenarios: results }, null, 2)}\n`);
    }
  } catch {
    // Nothing measured yet.
  }
  void Promise.race([releaseCluster?.(), new Promise((r) => setTimeout(r, 30_000))]).finally(() => process.exit(1));
};
const watchdog = setTimeout(() => stopEarly(`over its ${budgetMs / 1000} s budget`), budgetMs);
// Ctrl-C too: the worker and receiver processes follow the bench out, the dev server is killed
// on exit, and a cluster the bench started is stopped.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopEarly(signal));
watchdog.unref();

const runId = `b${Date.now().toString(36)}`;
const date = new Date().toISOString();
log(`${flags.quick ? 'quick' : 'full'} run ${runId} on ${machine.cpus} x ${machine.cpu_model}, load ${machine.load_average_at_start.join(' ')}${clusterNames.length ? `; on the cluster too: ${clusterNames.join(', ')}` : ''}`);

const serverConfig: Record<string, string> = {
  ...(eagerActivities ? { 'system.enableActivityEagerExecution': 'true' } : {}),
};
const bundlePath = join(PROJECT_ROOT, '.leadwire', `bench-workflow-bundle-${process.pid}.js`);
const bundleStarted = performance.now();
const [server, bundleSeconds, receiver, cluster] = await Promise.all([
  startDevServer({ port: 0, headless: true, log, dynamicConfig: serverConfig }),
  (async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./bench-workflows.ts', import.meta.url)), logger: quietLogger });
    await mkdir(join(PROJECT_ROOT, '.leadwire'), { recursive: true });
    await writeFile(bundlePath, code);
    return (performance.now() - bundleStarted) / 1000;
  })(),
  startReceiverProcess(0.3),
  clusterNames.length > 0 ? ensureBenchCluster(log) : undefined,
]);
const taskQueue = `bench-${randomUUID()}`;
// Loopback is the only network the bench talks to; an SSRF-guarded worker must be told so.
const workerEnv = { ...process.env, LEADWIRE_ALLOW_NETWORKS: '127.0.0.0/8,::1' };
const cacheSize = flags['max-cached-workflows'] === undefined ? undefined : Number(flags['max-cached-workflows']);
if (cacheSize !== undefined && !(Number.isInteger(cacheSize) && cacheSize > 0)) throw new Error('--max-cached-workflows takes a positive whole number.');
if (cacheSize !== undefined && flags.tuning === 'sdk') throw new Error('--max-cached-workflows applies to leadwire\'s tuning; leave out --tuning sdk.');
const tuning = flags.tuning === 'sdk' ? ('sdk' as const) : cacheSize !== undefined ? { maxCachedWorkflows: cacheSize } : {};
releaseCluster = cluster?.release;
// The latency sweep's leadwire serve processes start beside the workers, outside every timed run.
const sweepIntakes: Promise<SweepIntakes | undefined> = names.includes('latency')
  ? startSweepIntakes({ address: server.address, taskQueue, receiverUrl: receiver.url, runId, destination: loopbackDestination, env: workerEnv })
  : Promise.resolve(undefined);
const [dev, onCluster, intakes] = await Promise.all([
  openTarget({ server: 'dev', address: server.address, taskQueue, bundlePath, tuning, env: workerEnv, trivial: names.some((n) => ['trivial-workflow', 'empty-workflow', 'latency'].includes(n)) }),
  cluster ? openTarget({ server: 'cluster', address: cluster.address, taskQueue, bundlePath, tuning, env: workerEnv, trivial: false }) : undefined,
  sweepIntakes,
]).catch(async (err: unknown) => {
  await (await sweepIntakes.catch(() => undefined))?.stop();
  await cluster?.release();
  throw err;
});
log(`dev server ${server.address}, receiver ${receiver.url}, worker pid ${dev.worker.pid} ready in ${dev.worker.startSeconds.toFixed(2)} s${dev.trivialWorker ? `, trivial worker pid ${dev.trivialWorker.pid}` : ''} (workflows bundled ahead in ${bundleSeconds.toFixed(2)} s)`);
if (onCluster) log(`cluster ${onCluster.address}: worker pid ${onCluster.worker.pid} ready in ${onCluster.worker.startSeconds.toFixed(2)} s`);

// Whose CPU time a scenario's timed part reads (from /proc): the server's processes, and the worker it runs on.
const serverCpuGroups: Record<ServerKind, ProcessGroups> = {
  dev: server.pid ? { 'dev-server': async () => [server.pid!] } : {},
  cluster: onCluster ? clusterProcessGroups() : {},
};
const contextOf = (target: BenchTarget): BenchContext => ({
  server: target.server,
  temporal: target.temporal,
  leadwire: target.leadwire,
  receiver,
  worker: target.worker,
  ...(target.trivialWorker ? { trivialWorker: target.trivialWorker } : {}),
  startWorker: (queue) => target.startWorker(queue),
  async timed(fn, worker = target.worker) {
    const measured = await measureCpu({ ...serverCpuGroups[target.server], 'bench-worker': processTree(worker.pid) }, () => worker.sampleRss(fn));
    return { ...measured.value, cpuSeconds: measured.cpuSeconds };
  },
  results,
  ...(target.server === 'dev' && intakes ? { sweepIntakes: intakes } : {}),
  taskQueue: target.taskQueue,
  trivialTaskQueue: target.trivialTaskQueue,
  runId,
  sizes,
  destination: loopbackDestination,
});
const results: ScenarioResult[] = [];
const contexts: Partial<Record<ServerKind, BenchContext>> = { dev: contextOf(dev), ...(onCluster ? { cluster: contextOf(onCluster) } : {}) };
const scaleOutResults: ScaleOutResult[] = [];
let historyBytes: HistoryBytesResult | undefined;
let failed = false;
try {
  for (const { name, server: on } of plan) {
    const ctx = contexts[on]!;
    const label = on === 'cluster' ? `${name} on the cluster` : name;
    log(`${label}...`);
    if (name === SCALE_OUT) {
      // The kill run waits out a lost send's timeout (about 20 s): on the cluster, in full runs
      // only (the cluster fault suite kills one of three workers in CI).
      const result = await scaleOut(ctx, { kill: on === 'cluster' && !flags.quick, log });
      scaleOutResults.push(result);
      if (result.error || result.runs.some((r) => r.problems.length > 0)) failed = true;
      if (result.error) log(`${label} failed: ${result.error}`);
      continue;
    }
    if (name === HISTORY_BYTES) {
      historyBytes = await measureHistoryBytes({ temporal: ctx.temporal, leadwire: ctx.leadwire, runId, destination: loopbackDestination, log });
      if (historyBytes.error) {
        failed = true;
        log(`${label} failed: ${historyBytes.error}`);
      }
      continue;
    }
    try {
      const value = await SCENARIOS[name](ctx);
      for (const row of Array.isArray(value) ? value : [value]) {
        const result: ScenarioResult = { ...row, server: on };
        results.push(result);
        if (result.delivered < result.leads) {
          failed = true;
          result.error = `only ${result.delivered} of ${result.leads} delivered`;
        }
        log(`${on === 'cluster' ? `${result.name} on the cluster` : result.name}: ${result.leads_per_second} leads/s, p99 ${result.p99_ms} ms${result.error ? ` (${result.error})` : ''}`);
      }
    } catch (err) {
      failed = true;
      results.push({ name, server: on, leads: 0, delivered: 0, seconds: 0, leads_per_second: 0, worker_peak_rss_mb: 0, error: (err as Error).message });
      log(`${label} failed: ${(err as Error).stack ?? err}`);
    }
  }
} finally {
  const [lifetimePeak, clusterLifetimePeak] = await Promise.all([dev.worker.lifetimePeakRssMb(), onCluster?.worker.lifetimePeakRssMb()]);
  await Promise.all([dev.close(), onCluster?.close(), intakes?.stop()]);
  receiver.stop();
  await server.stop();
  await cluster?.release();
  await rm(bundlePath, { force: true });

  const closedLoop = checkClosedLoop(results);
  if (closedLoop.ok === false) failed = true;
  const ratios = computeRatios(results, sizes.batchSize);
  const targets = [...checkTargets(results, ratios, sizes.batchSize, lifetimePeak), ...(coldStart ? coldStartTargets(coldStart) : []), ...(fairness ? sandboxFairnessTargets(fairness) : [])];
  const report = {
    date,
    mode: flags.quick ? 'quick' : 'full',
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    duration_seconds: Math.round((Date.now() - benchStarted) / 1000),
    machine,
    settings: {
      worker_tuning: tuning === 'sdk' ? 'Temporal SDK defaults' : { ...DEFAULT_WORKER_TUNING, ...tuning },
      eager_activity_execution: eagerActivities,
      server_dynamic_config: serverConfig,
      sizes,
      warmup: `${sizes.warmup} workflows (raw-http: ${sizes.warmup * 4} requests) before each timed run, not counted`,
    },
    worker: { start_seconds: round(dev.worker.startSeconds), bundle_seconds: round(bundleSeconds), lifetime_peak_rss_mb: lifetimePeak },
    ...(cluster && onCluster ? { cluster: clusterReport(cluster, onCluster, clusterLifetimePeak ?? 0) } : {}),
    scenarios: results,
    ...(scaleOutResults.length ? { scale_out: scaleOutResults } : {}),
    ...(historyBytes ? { history_bytes: historyBytes } : {}),
    ...(coldStart ? { cli_cold_start: coldStart } : {}),
    ...(fairness ? { sandbox_fairness: fairness } : {}),
    self_check: { closed_loop: { ok: closedLoop.ok, peak_open: closedLoop.peak_open } },
    ratios,
    targets,
  };
  await writeFile(flags.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nleadwire bench, ${report.mode} run, ${date}, ${machine.cpus} x ${machine.cpu_model}, ${machine.memory_gb} GB, Node ${machine.node}, load average at start ${machine.load_average_at_start.join(' ')}`);
  console.log(`worker: ready in ${report.worker.start_seconds} s with a prebuilt bundle (bundling takes ${report.worker.bundle_seconds} s); lifetime peak RSS ${lifetimePeak} MB`);
  if (report.cluster) console.log(`cluster: Temporal ${TEMPORAL_SERVER_VERSION} on PostgreSQL at ${report.cluster.address} (${report.cluster.started_by_bench ? `started for this run in ${report.cluster.up_seconds} s` : 'already running'}); its worker's lifetime peak RSS ${report.cluster.worker_lifetime_peak_rss_mb} MB`);
  if (results.length) console.log(`\n${formatTable(results)}\n\n${closedLoop.line}`);
  if (results.some((r) => r.cpu_seconds)) console.log(`\nCPU milliseconds per lead, by process (timed part):\n\n${formatCpu(results)}`);
  if (scaleOutResults.length) console.log(`\nscale-out: ${sizes.scaleOut} leads per run, worker processes on one task queue\n\n${formatScaleOut(scaleOutResults)}`);
  if (historyBytes) console.log(`\nhistory bytes per lead (${historyBytes.counted})\n\n${formatHistoryBytes(historyBytes)}`);
  if (coldStart) console.log(`\n${formatColdStart(coldStart)}`);
  if (fairness) console.log(`\n${formatSandboxFairness(fairness)}`);
  console.log(`\n${formatRatios(ratios, targets)}\n\nWrote ${flags.out}`);
}
process.exit(failed || coldStart?.error || fairnessFailed ? 1 : 0);

function clusterReport(cluster: BenchCluster, target: BenchTarget, lifetimePeakRssMb: number) {
  return {
    address: cluster.address,
    server_version: TEMPORAL_SERVER_VERSION,
    dynamic_config: 'deploy/temporal/dynamicconfig.yaml',
    started_by_bench: cluster.startedByBench,
    up_seconds: round(cluster.upSeconds),
    worker_start_seconds: round(target.worker.startSeconds),
    worker_lifetime_peak_rss_mb: lifetimePeakRssMb,
  };
}

/** leadwire destinations may refuse plain HTTP; the bench's receiver is plain HTTP on loopback. */
function loopbackDestination(input: DestinationInput): DestinationInput {
  const insecure = { ...input, allow_insecure_http: true } as DestinationInput;
  try {
    parseDestination(insecure, 'bench destination');
    return insecure;
  } catch {
    return input;
  }
}

function round(n: number) {
  return Math.round(n * 100) / 100;
}
