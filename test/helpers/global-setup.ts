import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server.js';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';
import { WORKFLOWS_PATH } from '../../src/worker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

let server: DevServer | undefined;

/** One Temporal dev server and one workflow bundle for the whole test run. */
export default async function setup(project: TestProject) {
  const [started, bundle] = await Promise.all([
    process.env.LEADWIRE_TEST_TEMPORAL_ADDRESS
      ? Promise.resolve(undefined)
      : startDevServer({ port: 0, headless: true, log: (l) => console.log(l) }),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger }),
  ]);
  server = started;
  const dir = join(PROJECT_ROOT, '.leadwire');
  await mkdir(dir, { recursive: true });
  const bundlePath = join(dir, `test-workflow-bundle-${process.pid}.js`);
  await writeFile(bundlePath, bundle.code);
  project.provide('temporalAddress', server?.address ?? process.env.LEADWIRE_TEST_TEMPORAL_ADDRESS!);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await server?.stop();
  };
}

const noop = () => {};
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => console.error(m) };
