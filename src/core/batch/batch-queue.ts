import type { BatchEntry, BatchQueue } from '../../contract/batch-records.js';

export type { BatchQueue };

/** How many recent delivery ids are remembered for de-duplication, per batcher. */
export const SEEN_LIMIT = 20_000;
/**
 * And at most this many characters of them: the list is carried through continue-as-new,
 * whose input must stay well under Temporal's 2 MB payload limit however long ids are.
 * Forgetting early only narrows the de-duplication window; it never drops a lead.
 */
export const SEEN_CHARS_LIMIT = 256 * 1024;

export const emptyQueue = (): BatchQueue => ({ pending: [], seen: [], dispatched: 0 });

/** Adds leads, dropping any whose delivery id is already waiting or was seen recently. */
export function enqueue(queue: BatchQueue, entries: readonly BatchEntry[], now: number, seenIndex: Set<string>): { accepted: number; duplicates: number } {
  let accepted = 0;
  for (const entry of entries) {
    if (seenIndex.has(entry.deliveryId)) continue;
    seenIndex.add(entry.deliveryId);
    queue.seen.push(entry.deliveryId);
    queue.pending.push(entry);
    accepted++;
  }
  let chars = 0;
  for (const id of queue.seen) chars += id.length;
  let drop = Math.max(0, queue.seen.length - SEEN_LIMIT);
  for (let i = 0; i < drop; i++) chars -= queue.seen[i]!.length;
  while (chars > SEEN_CHARS_LIMIT && drop < queue.seen.length) chars -= queue.seen[drop++]!.length;
  if (drop > 0) for (const id of queue.seen.splice(0, drop)) seenIndex.delete(id);
  if (accepted > 0 && queue.openedAt === undefined) queue.openedAt = now;
  return { accepted, duplicates: entries.length - accepted };
}

/** Whether a batch should go now: full, its window elapsed, or a flush was asked for. */
export function batchDue(queue: BatchQueue, size: number, timeoutMs: number, now: number, flushing: boolean): boolean {
  if (queue.pending.length === 0) return false;
  return queue.pending.length >= size || flushing || now - (queue.openedAt ?? now) >= timeoutMs;
}

/** Takes the next batch (at most `size` leads, oldest first); the rest start a new window now. */
export function takeBatch(queue: BatchQueue, size: number, now: number): BatchEntry[] {
  const batch = queue.pending.splice(0, size);
  queue.dispatched++;
  if (queue.pending.length === 0) delete queue.openedAt;
  else queue.openedAt = now;
  return batch;
}

/** Milliseconds until the open batch's window closes, or undefined when nothing waits. */
export function msUntilDue(queue: BatchQueue, timeoutMs: number, now: number): number | undefined {
  if (queue.openedAt === undefined) return undefined;
  return Math.max(0, queue.openedAt + timeoutMs - now);
}
