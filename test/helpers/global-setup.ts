import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server.js';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';
import { PREBUILT_BUNDLE_PATH, writePrebuiltBundle } from '../../src/temporal/workflow-bundle.js';
import { WORKFLOWS_PATH } from '../../src/worker.js';
import { ensureTestServer } from '../../scripts/test-server/ensure-test-server.js';
import { bundleSandbox } from './bundle-sandbox.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

let server: DevServer | undefined;

/**
 * Temporal's time-skipping test server, for the workflow unit tests (test/unit/workflows), is
 * installed on the first run (`npm run test-server:install`: Maven fetches it). When it cannot
 * be (no Java or Maven), the other tests still run; those that need it fail saying so.
 */
async function installTestServer(): Promise<void> {
  try {
    await ensureTestServer((line) => console.log(line));
  } catch (err) {
    console.error(`The workflow unit tests will fail: ${(err as Error).message}`);
  }
}

/**
 * The test server's own settings. A workflow task's timeout (10 s unless the starter sets one) is
 * how long the server waits for a worker before it takes the worker for gone. With other jobs on
 * the two cores a live worker took longer, and a delivery whose first attempt was in that task was
 * recorded as WORKER_LOST: a flow's one-try post then went unsold. A bound on CPU starvation, so
 * generous here; first-attempt.test.ts, which is about that timeout, sets the usual 10 s itself.
 */
const TEST_SERVER_CONFIG = { 'history.defaultWorkflowTaskTimeout': JSON.stringify('60s') };

/**
 * One Temporal dev server, one workflow bundle and one sandbox bundle for the whole test run.
 * The workflow bundle is the prebuilt one (`npm run bundle`'s, with its stamp), so a worker
 * process a test starts from the CLI loads it instead of bundling the workflows itself: that
 * took over a minute with other jobs on the two cores.
 */
export default async function setup(project: TestProject) {
  const dir = join(PROJECT_ROOT, '.leadwire');
  await mkdir(dir, { recursive: true });
  const sandboxPath = join(dir, `test-sandbox-${process.pid}.mjs`);
  const [started, bundle] = await Promise.all([
    process.env.LEADWIRE_TEST_TEMPORAL_ADDRESS
      ? Promise.resolve(undefined)
      : startDevServer({ port: 0, headless: true, log: (l) => console.log(l), dynamicConfig: TEST_SERVER_CONFIG }),
    writePrebuiltBundle(WORKFLOWS_PATH, PREBUILT_BUNDLE_PATH),
    bundleSandbox(sandboxPath),
    installTestServer(),
  ]);
  // Inherited by every test process and every worker process a test starts (sandboxOptionsFromEnv).
  process.env.LEADWIRE_SANDBOX_ENTRY = sandboxPath;
  server = started;
  project.provide('temporalAddress', server?.address ?? process.env.LEADWIRE_TEST_TEMPORAL_ADDRESS!);
  project.provide('workflowBundlePath', bundle.path);
  return async () => {
    await server?.stop();
    // The prebuilt bundle stays, as `npm run bundle` leaves it: its stamp says when it is stale.
    await rm(sandboxPath, { force: true });
  };
}
