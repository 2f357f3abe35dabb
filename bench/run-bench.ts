import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createLeadwireClient } from '../src/client/index.js';
import type { DestinationInput } from '../src/config/destination-schema.js';
import { parseDestination } from '../src/config/parse-destination.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { PROJECT_ROOT } from '../src/temporal/project-root.js';
import { DEFAULT_WORKER_TUNING } from '../src/temporal/worker-tuning.js';
import { startReceiverProcess, startWorkerProcess } from './bench-processes.js';
import { checkTargets, computeRatios, formatRatios, formatTable, formatTargets, machineInfo } from './bench-report.js';
import { coldStartTargets, formatColdStart, measureCliColdStart } from './cli-cold-start.js';
import { SCENARIOS, type BenchContext, type BenchSizes, type ScenarioName, type ScenarioResult } from './bench-scenarios.js';

const HELP = `npm run bench [-- options]

Starts its own Temporal dev server, a receiver and a worker (each its own process, all on
127.0.0.1), runs the scenarios, prints a table and writes bench/results.json.

  --quick                 small counts and a short steady run (about a minute; for CI)
  --only a,b              run only these scenarios (${Object.keys(SCENARIOS).join(', ')}, cli-cold-start)
  --tuning sdk            the worker with Temporal's default settings instead of leadwire's
  --no-eager-activities   leave the server's eager activity execution off
  --out FILE              where to write the results (default bench/results.json)
`;

const FULL: BenchSizes = { raw: 10_000, trivial: 2000, single: 2000, steadyPerSecond: 50, steadySeconds: 30, retrying: 1000, batch: 20_000, batchSize: 100, warmup: 100, deadlineMs: 150_000, historySample: 20 };
const QUICK: BenchSizes = { raw: 1000, trivial: 200, single: 200, steadyPerSecond: 50, steadySeconds: 5, retrying: 100, batch: 2000, batchSize: 100, warmup: 20, deadlineMs: 25_000, historySample: 5 };
/** Not a delivery scenario: the compiled CLI's cold start (bench/cli-cold-start.ts), measured first. */
const COLD_START = 'cli-cold-start';

const noop = () => {};
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => console.error(m) };

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    tuning: { type: 'string', default: 'leadwire' },
    'no-eager-activities': { type: 'boolean', default: false },
    out: { type: 'string', default: fileURLToPath(new URL('./results.json', import.meta.url)) },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const sizes = flags.quick ? QUICK : FULL;
const only = flags.only?.split(',');
const names = (only ? only.filter((n) => n !== COLD_START) : Object.keys(SCENARIOS)) as ScenarioName[];
for (const name of names) if (!(name in SCENARIOS)) throw new Error(`Unknown scenario ${name}; pick from ${Object.keys(SCENARIOS).join(', ')}, ${COLD_START}.`);
if (flags.tuning !== 'leadwire' && flags.tuning !== 'sdk') throw new Error('--tuning is `leadwire` (default) or `sdk`.');
const eagerActivities = !flags['no-eager-activities'];

const log = (line: string) => console.error(`bench: ${line}`);
const machine = machineInfo();
// First, on a machine with nothing of the bench's running yet: the compiled CLI's cold start
// (`leadwire --help`, `leadwire validate`) next to `node -e 0`. Outside the scenarios' budget.
const coldStart = !only || only.includes(COLD_START) ? await measureCliColdStart(flags.quick ? 5 : 15, log) : undefined;
if (coldStart) log(coldStart.error ? `cli cold start failed: ${coldStart.error}` : `cli cold start: ${coldStart.commands.map((c) => `${c.name} ${c.median_ms} ms`).join(', ')}`);
if (names.length === 0 && coldStart) {
  const report = { date: new Date().toISOString(), mode: flags.quick ? 'quick' : 'full', machine, cli_cold_start: coldStart, targets: coldStartTargets(coldStart) };
  await writeFile(flags.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${formatColdStart(coldStart)}\n\n${formatTargets(report.targets)}\n\nWrote ${flags.out}`);
  process.exit(coldStart.error ? 1 : 0);
}

// A hard stop, so a stuck run never outlives its budget (10 minutes; 2 for --quick).
const budgetMs = flags.quick ? 115_000 : 590_000;
const watchdog = setTimeout(() => {
  console.error(`bench: over its ${budgetMs / 1000} s budget; stopping.`);
  process.exit(1);
}, budgetMs);
watchdog.unref();

const runId = `b${Date.now().toString(36)}`;
const date = new Date().toISOString();
log(`${flags.quick ? 'quick' : 'full'} run ${runId} on ${machine.cpus} x ${machine.cpu_model}, load ${machine.load_average_at_start.join(' ')}`);

const serverConfig: Record<string, string> = {
  ...(eagerActivities ? { 'system.enableActivityEagerExecution': 'true' } : {}),
};
const bundlePath = join(PROJECT_ROOT, '.leadwire', `bench-workflow-bundle-${process.pid}.js`);
const bundleStarted = performance.now();
const [server, bundleSeconds, receiver] = await Promise.all([
  startDevServer({ port: 0, headless: true, log, dynamicConfig: serverConfig }),
  (async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./bench-workflows.ts', import.meta.url)), logger: quietLogger });
    await mkdir(join(PROJECT_ROOT, '.leadwire'), { recursive: true });
    await writeFile(bundlePath, code);
    return (performance.now() - bundleStarted) / 1000;
  })(),
  startReceiverProcess(0.3),
]);
const taskQueue = `bench-${randomUUID()}`;
const trivialTaskQueue = `${taskQueue}-trivial`;
// Loopback is the only network the bench talks to; an SSRF-guarded worker must be told so.
const workerEnv = { ...process.env, LEADWIRE_ALLOW_NETWORKS: '127.0.0.0/8,::1' };
const tuning = flags.tuning === 'sdk' ? ('sdk' as const) : {};
const [worker, trivialWorker] = await Promise.all([
  startWorkerProcess({ address: server.address, kind: 'leadwire', taskQueue, bundlePath, tuning }, workerEnv),
  startWorkerProcess({ address: server.address, kind: 'trivial', taskQueue: trivialTaskQueue, bundlePath, tuning }, workerEnv),
]);
log(`dev server ${server.address}, receiver ${receiver.url}, worker pid ${worker.pid} ready in ${worker.startSeconds.toFixed(2)} s, trivial worker pid ${trivialWorker.pid} (workflows bundled ahead in ${bundleSeconds.toFixed(2)} s)`);
const connection = await Connection.connect({ address: server.address });
const temporal = new Client({ connection });
const leadwire = await createLeadwireClient({ client: temporal, taskQueue });

const ctx: BenchContext = { temporal, leadwire, receiver, worker, trivialWorker, taskQueue, trivialTaskQueue, runId, sizes, destination: loopbackDestination };
const results: ScenarioResult[] = [];
let failed = false;
try {
  for (const name of names) {
    log(`${name}...`);
    try {
      const result = await SCENARIOS[name](ctx);
      results.push(result);
      if (result.delivered < result.leads) {
        failed = true;
        result.error = `only ${result.delivered} of ${result.leads} delivered`;
      }
      log(`${name}: ${result.leads_per_second} leads/s, p99 ${result.p99_ms} ms${result.error ? ` (${result.error})` : ''}`);
    } catch (err) {
      failed = true;
      results.push({ name, leads: 0, delivered: 0, seconds: 0, leads_per_second: 0, worker_peak_rss_mb: 0, error: (err as Error).message });
      log(`${name} failed: ${(err as Error).stack ?? err}`);
    }
  }
} finally {
  const lifetimePeak = await worker.lifetimePeakRssMb();
  await Promise.all([worker.stop(), trivialWorker.stop()]);
  await connection.close();
  receiver.stop();
  await server.stop();
  await rm(bundlePath, { force: true });

  const ratios = computeRatios(results);
  const targets = [...checkTargets(results, ratios, sizes.batchSize, lifetimePeak), ...(coldStart ? coldStartTargets(coldStart) : [])];
  const report = {
    date,
    mode: flags.quick ? 'quick' : 'full',
    machine,
    settings: {
      worker_tuning: flags.tuning === 'sdk' ? 'Temporal SDK defaults' : DEFAULT_WORKER_TUNING,
      eager_activity_execution: eagerActivities,
      server_dynamic_config: serverConfig,
      sizes,
      warmup: `${sizes.warmup} workflows (raw-http: ${sizes.warmup * 4} requests) before each timed run, not counted`,
    },
    worker: { start_seconds: round(worker.startSeconds), bundle_seconds: round(bundleSeconds), lifetime_peak_rss_mb: lifetimePeak },
    scenarios: results,
    ...(coldStart ? { cli_cold_start: coldStart } : {}),
    ratios,
    targets,
  };
  await writeFile(flags.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nleadwire bench, ${report.mode} run, ${date}, ${machine.cpus} x ${machine.cpu_model}, ${machine.memory_gb} GB, Node ${machine.node}`);
  console.log(`worker: ready in ${report.worker.start_seconds} s with a prebuilt bundle (bundling takes ${report.worker.bundle_seconds} s); lifetime peak RSS ${lifetimePeak} MB\n`);
  console.log(formatTable(results));
  if (coldStart) console.log(`\n${formatColdStart(coldStart)}`);
  console.log(`\n${formatRatios(ratios, targets)}\n\nWrote ${flags.out}`);
}
process.exit(failed || coldStart?.error ? 1 : 0);

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
