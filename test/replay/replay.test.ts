import { describe, expect, inject, it } from 'vitest';
import { committedHistories, describeFailures, releaseFolders, replayHistories } from './replay-histories.js';

// Every history committed under test/replay/histories/<release>/ must replay against today's
// workflow code: a workflow that would strand it fails here, naming the file and the error.
// A change that cannot replay an older set uses patched() or a new workflow type (docs/development.md).
describe('committed histories replay against the current workflow code', async () => {
  const releases = await releaseFolders();

  it('has at least the first recorded release', () => {
    expect(releases).toContain('0.1.0-7900274');
  });

  it.each(releases)('release %s', async (release) => {
    const histories = await committedHistories(release);
    expect(histories.length).toBeGreaterThan(0);
    const failures = await replayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') } }, histories);
    const report = describeFailures(failures);
    expect(report, `histories that no longer replay:\n${report.join('\n')}`).toEqual([]);
  });
});
