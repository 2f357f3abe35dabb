import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { checkClosedLoop } from '../../../bench/bench-report.js';
import { LANES, startAndAwait, type ScenarioResult } from '../../../bench/bench-scenarios.js';
import { closedLoop } from '../../../bench/closed-loop.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Stand-ins for started workflows: `start` opens one (counted here, apart from the code under
 * test), and its result arrives only when the test opens its gate.
 */
function fakeWorkflows() {
  const gates: { i: number; open: () => void }[] = [];
  const state = { open: 0, peak: 0, started: 0 };
  const start = async (i: number) => {
    state.open += 1;
    state.started += 1;
    state.peak = Math.max(state.peak, state.open);
    const result = new Promise<string>((resolve) =>
      gates.push({
        i,
        open: () => {
          state.open -= 1;
          resolve(`done ${i}`);
        },
      }),
    );
    return { workflowId: `wf-${i}`, result: () => result } as unknown as WorkflowHandle;
  };
  /** Ends the open workflows one at a time, in a scrambled order, until every one has ended. */
  const drain = async (until: Promise<unknown>) => {
    let finished = false;
    void until.finally(() => (finished = true)).catch(() => {});
    let n = 0;
    while (!finished) {
      await tick();
      if (gates.length === 0) continue;
      n = (n * 7 + 3) % gates.length;
      gates.splice(n, 1)[0]!.open();
    }
  };
  return { start, drain, state };
}

describe('the bench’s closed loop (a scenario’s latency is a lead’s, not the depth of a queue it made)', () => {
  it('startAndAwait keeps at most 32 workflows open: each lane awaits a result before it starts the next', async () => {
    const count = 200;
    const fake = fakeWorkflows();
    const run = startAndAwait(count, fake.start, 60_000, 'test');
    await fake.drain(run);
    const { results, latencies, handles, peakOpen } = await run;
    // Counted by the fake: never more than the 32 lanes open, and all the lanes were used.
    expect(fake.state.peak).toBe(32);
    expect(LANES).toBe(32);
    expect(fake.state.started).toBe(count);
    // The bench's own count (its self-check) agrees.
    expect(peakOpen).toBe(fake.state.peak);
    expect(results).toEqual(Array.from({ length: count }, (_, i) => `done ${i}`));
    expect(latencies).toHaveLength(count);
    expect(handles.map((h) => h.workflowId)).toEqual(Array.from({ length: count }, (_, i) => `wf-${i}`));
  });

  it('uses no more lanes than there are workflows', async () => {
    const fake = fakeWorkflows();
    const run = startAndAwait(5, fake.start, 60_000, 'test');
    await fake.drain(run);
    expect(fake.state.peak).toBe(5);
    expect((await run).peakOpen).toBe(5);
  });

  it('tells how many have finished after each one, for scale-out’s mid-run kill', async () => {
    const fake = fakeWorkflows();
    const heard: number[] = [];
    const run = startAndAwait(50, fake.start, 60_000, 'test', (finished) => heard.push(finished));
    await fake.drain(run);
    await run;
    expect(heard).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('starts nothing more after a failure, waits for what is open, then reports the failure', async () => {
    let open = 0;
    let started = 0;
    const gates: (() => void)[] = [];
    const run = closedLoop(100, 4, async (i) => {
      started += 1;
      open += 1;
      await new Promise<void>((resolve) => gates.push(resolve));
      open -= 1;
      if (i === 10) throw new Error('ten failed');
      return i;
    });
    let settled = false;
    run.catch(() => {}).finally(() => (settled = true));
    while (!settled) {
      await tick();
      gates.shift()?.();
    }
    await expect(run).rejects.toThrow('ten failed');
    expect(open).toBe(0);
    // Items 0 to 13 at most: the failing one, and the three other lanes' items then open.
    expect(started).toBeLessThanOrEqual(14);
  });
});

describe('the bench’s self-check line', () => {
  const row = (name: string, peak: number, server: 'dev' | 'cluster' = 'dev'): ScenarioResult => ({ name, server, leads: 100, delivered: 100, seconds: 1, leads_per_second: 100, worker_peak_rss_mb: 1, lanes: 32, peak_open: peak });

  it('passes when no closed-loop row had more workflows open than its lanes, and names each row', () => {
    const check = checkClosedLoop([row('empty-workflow', 32), row('single', 32), row('single', 31, 'cluster'), { ...row('batch', 0), lanes: undefined, peak_open: undefined }]);
    expect(check.ok).toBe(true);
    expect(check.line).toBe('[ ok ] closed loop, at most 32 workflows open at once (the lanes): most open at once empty-workflow 32, single 32, single on the cluster 31');
    expect(check.peak_open).toEqual({ 'empty-workflow': 32, single: 32, 'single on the cluster': 31 });
  });

  it('fails the run when a row had more open than its lanes', () => {
    const check = checkClosedLoop([row('empty-workflow', 32), row('retrying', 33)]);
    expect(check.ok).toBe(false);
    expect(check.line).toMatch(/^\[FAIL\] .*over the lanes: retrying$/);
  });

  it('says so when no closed-loop scenario ran', () => {
    expect(checkClosedLoop([]).ok).toBeUndefined();
  });
});
