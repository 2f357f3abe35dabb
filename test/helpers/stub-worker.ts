import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, inject } from 'vitest';
import { deliverySinks } from '../../src/metrics/delivery-sinks.js';
import { stubActivities, type StubActivities } from './stub-activities.js';
import { startTimeSkippingEnvironment, type TimeSkippingEnvironment } from './time-skipping-env.js';

export interface StubWorkerFile {
  /** The file's time-skipping environment: its client awaits results with time skipped. */
  readonly env: TestWorkflowEnvironment;
  /** The task queue the file's worker polls. */
  readonly taskQueue: string;
  /** The stub activities the worker runs, shared by the file's tests (give each test's destinations names of their own). */
  readonly stubs: StubActivities;
}

/**
 * A test file's time-skipping environment and one worker on it: the real workflows (the run's
 * prebuilt bundle of src/workflows) with stub activities. Started before the file's tests,
 * stopped after them.
 */
export function useStubWorker(): StubWorkerFile {
  let started: TimeSkippingEnvironment | undefined;
  const stubs = stubActivities({ now: () => started!.env.currentTimeMs() });
  const taskQueue = `workflow-unit-${randomUUID()}`;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    started = await startTimeSkippingEnvironment();
    worker = await Worker.create({
      connection: started.env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      activities: stubs.activities,
      sinks: deliverySinks(undefined, undefined),
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await started?.stop();
  });
  return {
    get env() {
      if (!started) throw new Error('the time-skipping environment is used before beforeAll started it');
      return started.env;
    },
    taskQueue,
    stubs,
  };
}
