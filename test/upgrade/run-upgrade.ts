// `npm run test:upgrade [-- --stop term|kill|both] [--dev-server]`: the upgrade test. The
// previous release (release/previous-release.json), from a git worktree of its commit in a
// temporary folder, starts deliveries that park, wait between retries, sit in open batches,
// count against a cap and wait on a held bid; its workers are stopped and the current release's
// take over on the same task queue of the project's PostgreSQL-backed cluster; every workflow
// must then end as it should, with no request sent twice unexplained, the cap's count kept, and
// no workflow task failed in any history (see docs/development.md, "The upgrade test").
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { startCluster, stopCluster } from '../../scripts/cluster/cluster.js';
import { createLeadwireClient } from '../../src/client/index.js';
import { startDevServer } from '../../src/temporal/dev-server.js';
import { installRuntime } from '../../src/temporal/install-runtime.js';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';
import { upToDatePrebuiltBundle, writePrebuiltBundle } from '../../src/temporal/workflow-bundle.js';
import { WORKFLOWS_PATH } from '../../src/worker.js';
import { checkOutPreviousRelease, readPreviousRelease } from './previous-release.js';
import { killReleaseProcesses, type Release, type Target } from './release-processes.js';
import type { StopKind } from './upgrade-configs.js';
import { startUpgradeReceiver } from './upgrade-receiver.js';
import { runUpgrade, type UpgradeRun } from './upgrade-run.js';

const USAGE = `npm run test:upgrade [-- options]

  --stop term|kill|both  how the previous release's workers stop at the switch: SIGTERM (they
                       finish the send they hold), SIGKILL (it is lost), or one run of each
                       (default both)
  --dev-server         on a Temporal dev server of its own instead of the project's cluster
                       (quicker to start where the cluster is not built; CI uses the cluster)

On the cluster (the default) it reuses a running one (npm run cluster -- up, at
LEADWIRE_CLUSTER_PORT) and leaves it up; a cluster it had to start, it stops again.`;

const { values } = parseArgs({
  options: {
    stop: { type: 'string', default: 'both' },
    'dev-server': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!['term', 'kill', 'both'].includes(values.stop!)) {
  console.error(`--stop is term, kill or both, not ${values.stop}.\n\n${USAGE}`);
  process.exit(2);
}
const stops: StopKind[] = values.stop === 'both' ? ['term', 'kill'] : [values.stop as StopKind];
const onCluster = !values['dev-server'];
const log = (line: string) => console.log(`upgrade: ${line}`);

/** What the run must undo, last first: run on success, failure and interruption alike. */
const cleanups: { what: string; undo: () => Promise<unknown> }[] = [];
let cleaning: Promise<void> | undefined;
/** Once: the end of the run and a signal share it, so the process exits only when all is undone. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    killReleaseProcesses();
    for (let c = cleanups.pop(); c; c = cleanups.pop()) {
      await c.undo().catch((err: unknown) => log(`cleaning up (${c!.what}) failed: ${(err as Error).message}`));
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the release processes, removing the checkout`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function openServer(): Promise<string> {
  if (!onCluster) {
    const server = await startDevServer({ port: 0, headless: true });
    cleanups.push({ what: 'the dev server', undo: () => server.stop() });
    return server.address;
  }
  const port = Number(process.env.LEADWIRE_CLUSTER_PORT);
  const postgresPort = Number(process.env.LEADWIRE_CLUSTER_POSTGRES_PORT);
  const cluster = await startCluster({ log: (line) => log(`cluster: ${line}`), ...(port ? { frontendPort: port } : {}), ...(postgresPort ? { postgresPort } : {}) });
  if (cluster.reusedServices.length === 0) cleanups.push({ what: 'the cluster it started', undo: () => stopCluster({ log: (line) => log(`cluster: ${line}`) }) });
  log(`cluster at ${cluster.address} (${cluster.reusedServices.length === 0 ? 'started; stopped at the end' : 'running; left up'})`);
  return cluster.address;
}

/** The current release's workers start in a second from a bundle built ahead (`npm run bundle`). */
async function bundleCurrent(): Promise<void> {
  if (!(await upToDatePrebuiltBundle(WORKFLOWS_PATH))) await writePrebuiltBundle(WORKFLOWS_PATH);
}

async function main(): Promise<number> {
  const started = Date.now();
  installRuntime();
  const previousRelease = await readPreviousRelease();
  const version = (JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  log(`from ${previousRelease.release} (${previousRelease.commit.slice(0, 7)}) to the current code (${version}), on ${onCluster ? 'the cluster' : 'a dev server of its own'}; stop: ${stops.join(', then ')}`);
  const checkout = await checkOutPreviousRelease(previousRelease, log);
  cleanups.push({ what: 'the checkout', undo: () => checkout.remove() });
  const [address] = await Promise.all([openServer(), bundleCurrent()]);
  // A task queue of its own: no other worker on a shared server takes its tasks. Its name starts
  // like the checkout's folder, so a run that was killed has its workers found by the next.
  const target: Target = { address, taskQueue: `leadwire-upgrade-${Date.now().toString(36)}` };
  const connection = await Connection.connect({ address });
  cleanups.push({ what: 'the connection', undo: () => connection.close() });
  const temporal = new Client({ connection });
  const leadwire = await createLeadwireClient({ client: temporal, taskQueue: target.taskQueue });
  cleanups.push({ what: 'the client', undo: () => leadwire.close() });
  const receiver = await startUpgradeReceiver();
  cleanups.push({ what: 'the receiver', undo: () => receiver.close() });
  const previous: Release = { name: `previous (${previousRelease.release})`, root: checkout.root, adopt: checkout.adopt };
  const current: Release = { name: 'current', root: PROJECT_ROOT, adopt: checkout.adopt };
  log(`prepared in ${((Date.now() - started) / 1000).toFixed(0)} s (dependencies: ${checkout.dependencies === 'linked' ? 'hard links to the current node_modules (same package-lock.json)' : 'its own npm ci'}); task queue ${target.taskQueue}`);
  const runs: UpgradeRun[] = [];
  for (const stop of stops) {
    const runDir = join(PROJECT_ROOT, '.leadwire', 'upgrade', 'runs', `${stop}-${Date.now().toString(36)}`);
    await mkdir(runDir, { recursive: true });
    runs.push(await runUpgrade({ target, temporal, leadwire, previous, current, receiver, dir: runDir, stop, log }));
  }
  const failed = runs.filter((r) => r.problems.length > 0);
  console.log(
    `\ntest:upgrade: ${previousRelease.release} -> current on ${onCluster ? 'the cluster' : 'a dev server'}, ` +
      `${runs.map((r) => `${r.stop}: ${r.problems.length ? `FAILED (${r.problems.length} problems)` : 'passed'} in ${r.seconds} s`).join('; ')}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
  );
  return failed.length > 0 ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`test:upgrade: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
} finally {
  await cleanUp();
}
process.exit(code);
