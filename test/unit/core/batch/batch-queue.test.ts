import { describe, expect, it } from 'vitest';
import { batchDue, emptyQueue, enqueue, msUntilDue, SEEN_LIMIT, takeBatch } from '../../../../src/core/batch/batch-queue.js';

const entry = (id: string) => ({ deliveryId: id, leadId: id, lead: { id } });

describe('batch queue', () => {
  it('opens a window at the first lead and is due at size or at the timeout', () => {
    const q = emptyQueue();
    const seen = new Set<string>();
    enqueue(q, [entry('a')], 1000, seen);
    expect(msUntilDue(q, 500, 1200)).toBe(300);
    expect(batchDue(q, 3, 500, 1200, false)).toBe(false);
    expect(batchDue(q, 3, 500, 1500, false)).toBe(true);
    enqueue(q, [entry('b'), entry('c')], 1300, seen);
    expect(batchDue(q, 3, 500, 1300, false)).toBe(true);
    expect(batchDue(q, 30, 500, 1300, true)).toBe(true);
  });

  it('takes at most size leads, oldest first, and restarts the window for the rest', () => {
    const q = emptyQueue();
    enqueue(q, ['a', 'b', 'c', 'd', 'e'].map(entry), 0, new Set());
    expect(takeBatch(q, 2, 100).map((e) => e.deliveryId)).toEqual(['a', 'b']);
    expect(q.openedAt).toBe(100);
    expect(q.dispatched).toBe(1);
    takeBatch(q, 10, 200);
    expect(q.pending).toHaveLength(0);
    expect(q.openedAt).toBeUndefined();
    expect(msUntilDue(q, 500, 300)).toBeUndefined();
  });

  it('drops a delivery id already waiting or seen recently, and forgets beyond the limit', () => {
    const q = emptyQueue();
    const seen = new Set<string>();
    expect(enqueue(q, [entry('a'), entry('a'), entry('b')], 0, seen)).toEqual({ accepted: 2, duplicates: 1 });
    takeBatch(q, 10, 0);
    expect(enqueue(q, [entry('a')], 1, seen)).toEqual({ accepted: 0, duplicates: 1 });
    enqueue(q, Array.from({ length: SEEN_LIMIT }, (_, i) => entry(`x${i}`)), 2, seen);
    expect(q.seen).toHaveLength(SEEN_LIMIT);
    expect(seen.has('a')).toBe(false);
  });
});

describe('batch queue memory', () => {
  it('bounds the remembered ids by characters too, so continue-as-new input stays small', async () => {
    const { SEEN_CHARS_LIMIT } = await import('../../../../src/core/batch/batch-queue.js');
    const q = emptyQueue();
    const seen = new Set<string>();
    const long = (i: number) => entry(`${'x'.repeat(390)}-${i}`);
    enqueue(q, Array.from({ length: 2000 }, (_, i) => long(i)), 0, seen);
    expect(q.seen.join('').length).toBeLessThanOrEqual(SEEN_CHARS_LIMIT);
    // Every lead is still queued: forgetting ids only narrows de-duplication.
    expect(q.pending).toHaveLength(2000);
    expect(seen.size).toBe(q.seen.length);
  });
});
