// `npm run test:upgrade [-- --cluster] [--stop term|kill|both]`: the upgrade test. The previous
// release (release/previous-release.json) starts deliveries that park, wait between retries,
// sit in open batches, count against a cap and wait on a held bid; its workers are stopped and
// the current release's take over on the same task queue; every workflow must then end as it
// should, with no request sent twice unexplained, the cap's count kept, and no workflow task
// failed in any history (see docs/development.md, "How to release").
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { startCluster } from '../../scripts/cluster/cluster.js';
import { createLeadwireClient } from '../../src/client/index.js';
import { DEFAULT_TASK_QUEUE } from '../../src/shared/task-queue.js';
import { startDevServer } from '../../src/temporal/dev-server.js';
import { installRuntime } from '../../src/temporal/install-runtime.js';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';
import { upToDatePrebuiltBundle, writePrebuiltBundle } from '../../src/temporal/workflow-bundle.js';
import { WORKFLOWS_PATH } from '../../src/worker.js';
import { checkOutPreviousRelease, readPreviousRelease } from './previous-release.js';
import type { Release, Target } from './release-processes.js';
import { runUpgrade, type UpgradeRun } from './upgrade-run.js';
import { startUpgradeReceiver } from './upgrade-receiver.js';
import type { StopKind } from './upgrade-configs.js';

const USAGE = `npm run test:upgrade [-- options]

  --cluster            on the project's PostgreSQL-backed cluster (npm run cluster -- up; started
                       when it is not up, left up), instead of a dev server of its own
  --stop term|kill|both  how the previous release's workers stop at the switch: SIGTERM (they
                       finish the send they hold), SIGKILL (it is lost), or one run of each
                       (default both)`;

const { values } = parseArgs({
  options: {
    cluster: { type: 'boolean', default: false },
    stop: { type: 'string', default: 'both' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!['term', 'kill', 'both'].includes(values.stop!)) throw new Error(`--stop is term, kill or both, not ${values.stop}.\n\n${USAGE}`);
const stops: StopKind[] = values.stop === 'both' ? ['term', 'kill'] : [values.stop as StopKind];
const log = (line: string) => console.log(`upgrade: ${line}`);

async function openServer(): Promise<{ address: string; stop(): Promise<void> }> {
  if (!values.cluster) {
    const server = await startDevServer({ port: 0, headless: true });
    return { address: server.address, stop: () => server.stop() };
  }
  const port = Number(process.env.LEADWIRE_CLUSTER_PORT);
  const postgresPort = Number(process.env.LEADWIRE_CLUSTER_POSTGRES_PORT);
  const cluster = await startCluster({ log: () => {}, ...(port ? { frontendPort: port } : {}), ...(postgresPort ? { postgresPort } : {}) });
  return { address: cluster.address, stop: async () => {} };
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
  log(`from ${previousRelease.release} (${previousRelease.commit.slice(0, 7)}) to the current code (${version}), on ${values.cluster ? 'the cluster' : 'a dev server of its own'}; stop: ${stops.join(', then ')}`);
  const [checkout, server] = await Promise.all([checkOutPreviousRelease(previousRelease, log), openServer(), bundleCurrent()]);
  const target: Target = { address: server.address, taskQueue: DEFAULT_TASK_QUEUE };
  const connection = await Connection.connect({ address: target.address });
  const temporal = new Client({ connection });
  const leadwire = await createLeadwireClient({ client: temporal, taskQueue: target.taskQueue });
  const receiver = await startUpgradeReceiver();
  const previous: Release = { name: `previous (${previousRelease.release})`, root: checkout.root };
  const current: Release = { name: 'current', root: PROJECT_ROOT };
  log(`prepared in ${((Date.now() - started) / 1000).toFixed(0)} s (dependencies: ${checkout.dependencies === 'shared' ? "the current node_modules (same package-lock.json)" : 'installed with npm ci'}); server ${target.address}, task queue ${target.taskQueue}`);
  const runs: UpgradeRun[] = [];
  try {
    for (const stop of stops) {
      const runDir = join(PROJECT_ROOT, '.leadwire', 'upgrade', 'runs', `${stop}-${Date.now().toString(36)}`);
      await mkdir(runDir, { recursive: true });
      runs.push(await runUpgrade({ target, temporal, leadwire, previous, current, receiver, dir: runDir, stop, log }));
    }
  } finally {
    await receiver.close();
    await leadwire.close().catch(() => undefined);
    await connection.close().catch(() => undefined);
    await server.stop();
  }
  const failed = runs.filter((r) => r.problems.length > 0);
  console.log(`\ntest:upgrade: ${previousRelease.release} -> current, ${runs.map((r) => `${r.stop}: ${r.problems.length ? `FAILED (${r.problems.length} problems)` : 'passed'} in ${r.seconds} s`).join('; ')}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  return failed.length > 0 || runs.length < stops.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`test:upgrade: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
