import { describe, expect, it } from 'vitest';
import { limiter } from '../../../bench/stats.js';

describe('the bench’s limiter (results awaited at once stay under the server’s long-poll limit)', () => {
  it('never runs more than its maximum at once, runs everything, and keeps failures separate', async () => {
    const limit = limiter(3);
    let running = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const work = (i: number) =>
      limit(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
        if (i === 4) throw new Error('four failed');
        return i;
      });
    const all = Array.from({ length: 10 }, (_, i) => work(i));
    const settled = Promise.allSettled(all);
    // Open one gate at a time: the next waiting task starts only as one ends.
    while (gates.length > 0 || running > 0) {
      await new Promise((r) => setImmediate(r));
      expect(running).toBeLessThanOrEqual(3);
      gates.shift()?.();
    }
    const results = await settled;
    expect(peak).toBe(3);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([0, 1, 2, 3, 'four failed', 5, 6, 7, 8, 9]);
  });
});
