import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { committedHistories, describeFailures, replayHistories, type CommittedHistory } from './replay-histories.js';

// The replay test can fail: a deliverLead that schedules its first two commands in the other
// order (test/replay/fixtures/reordered-workflows.ts) cannot replay a committed history.
const RELEASE = '0.1.0-7900274';
const FILE = 'deliver-lead--long-timeout-success.json';
const REORDERED = fileURLToPath(new URL('./fixtures/reordered-workflows.ts', import.meta.url));

const noop = () => {};
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

describe('a workflow change that reorders commands', () => {
  let history: CommittedHistory;
  let reorderedCode: string;
  beforeAll(async () => {
    history = (await committedHistories(RELEASE)).find((h) => h.file === FILE)!;
    reorderedCode = (await bundleWorkflowCode({ workflowsPath: REORDERED, logger: quietLogger })).code;
  });

  it('replays with the real workflow code', async () => {
    expect(await replayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') } }, [history])).toEqual([]);
  });

  it('fails replay with a determinism violation, named with its file', async () => {
    const failures = await replayHistories({ workflowBundle: { code: reorderedCode } }, [history]);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.error).toBeInstanceOf(DeterminismViolationError);
    expect(describeFailures(failures)[0]).toMatch(new RegExp(`^${RELEASE}/${FILE} \\(.*\\): DeterminismViolationError: `));
  });
});
