import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server.js';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';
import { WORKFLOWS_PATH } from '../../src/worker.js';
import { bundleSandbox } from './bundle-sandbox.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

let server: DevServer | undefined;

/** One Temporal dev server, one workflow bundle and one sandbox bundle for the whole test run. */
export default async function setup(project: TestProject) {
  const dir = join(PROJECT_ROOT, '.leadwire');
  await mkdir(dir, { recursive: true });
  const sandboxPath = join(dir, `test-sandbox-${process.pid}.mjs`);
  const [started, bundle] = await Promise.all([
    process.env.LEADWIRE_TEST_TEMPORAL_ADDRESS
      ? Promise.resolve(undefined)
      : startDevServer({ port: 0, headless: true, log: (l) => console.log(l) }),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger }),
    bundleSandbox(sandboxPath),
  ]);
  // Inherited by every test process and every worker process a test starts (sandboxOptionsFromEnv).
  process.env.LEADWIRE_SANDBOX_ENTRY = sandboxPath;
  server = started;
  const bundlePath = join(dir, `test-workflow-bundle-${process.pid}.js`);
  await writeFile(bundlePath, bundle.code);
  project.provide('temporalAddress', server?.address ?? process.env.LEADWIRE_TEST_TEMPORAL_ADDRESS!);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await server?.stop();
    await Promise.all([rm(bundlePath, { force: true }), rm(sandboxPath, { force: true })]);
  };
}

const noop = () => {};
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => console.error(m) };
