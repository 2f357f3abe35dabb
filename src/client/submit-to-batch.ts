import { createHash } from 'node:crypto';
import { oneLine } from '../core/explain/words.js';
import type { Client } from '@temporalio/client';
import { batchDeliveryPlanFrom } from '../config/delivery-plan-from.js';
import type { Destination } from '../config/destination-schema.js';
import { CONTRACT_VERSION } from '../contract/version.js';
import type { BatchEntry } from '../core/batch/batch-entry.js';
import { boundedId } from '../core/delivery/bounded-id.js';
import { destinationSlug } from '../core/delivery/delivery-id.js';
import { getPath } from '../core/paths/get-path.js';
import { addLeadsSignal } from '../shared/batch-messages.js';
import type { BatcherInput } from '../shared/batch-types.js';
import { DESTINATION_KEY } from '../shared/search-attributes.js';

/** Most bytes of leads carried by one signal (Temporal's payload limit is 2 MB). */
const SIGNAL_BYTES = 512 * 1024;

/** Most characters of a batch key written into its batcher's id. */
const KEY_CHARS = 100;

/**
 * Most characters of a batcher's id: its batches' ids (`batch--<batcher>--<n>-<8 hex>`) then stay
 * within the 255 that Temporal's SQL stores keep, whatever the destination's name.
 */
const BATCHER_ID_LIMITS = { chars: 200, bytes: 800 };

/**
 * The batcher for a destination and batch key: one workflow id per pair. A key of plain
 * characters (letters, digits, `_.-`) up to 100 long is written as it is; any other is
 * written in plain characters and ends in `~` and a hash of the whole key (`~` is never
 * written otherwise), so two keys never share a batcher: `a b` and `a/b`, or two long keys
 * with the same start, are batched apart.
 */
export function batcherIdFor(destination: Destination, batchKey: string): string {
  const plain = batchKey.replace(/[^A-Za-z0-9_.-]+/g, '-');
  const key = plain === batchKey && plain.length <= KEY_CHARS ? plain : `${plain.slice(0, KEY_CHARS - 33)}~${createHash('sha256').update(batchKey).digest('hex').slice(0, 32)}`;
  return boundedId(`batcher--${destinationSlug(destination.name)}${batchKey ? `--${key}` : ''}`, BATCHER_ID_LIMITS);
}

/** The value of `batch.key` for a lead ('' without a key). */
export function batchKeyOf(destination: Destination, lead: BatchEntry['lead']): string {
  const path = destination.batch?.key;
  if (!path) return '';
  const value = getPath(lead, path);
  return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Hands leads to their batchers: grouped by batch key, a few hundred kilobytes per signal,
 * each with signal-with-start so the batcher is started if it is not running. A file of
 * 20,000 leads costs tens of calls, not 20,000. Returns each lead's batcher id.
 */
export async function submitToBatch(temporal: Client, taskQueue: string, destination: Destination, entries: readonly BatchEntry[]): Promise<Map<string, string>> {
  const groups = new Map<string, BatchEntry[]>();
  for (const entry of entries) {
    const key = batchKeyOf(destination, entry.lead);
    const group = groups.get(key) ?? [];
    group.push(entry);
    groups.set(key, group);
  }
  const batcherOf = new Map<string, string>();
  const plan = batchDeliveryPlanFrom(destination);
  for (const [batchKey, group] of groups) {
    const workflowId = batcherIdFor(destination, batchKey);
    const input: BatcherInput = { v: CONTRACT_VERSION, plan, batchKey };
    let chunk: BatchEntry[] = [];
    let bytes = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      await temporal.workflow.signalWithStart('leadBatcher', {
        workflowId,
        taskQueue,
        args: [input],
        signal: addLeadsSignal,
        signalArgs: [chunk],
        typedSearchAttributes: [{ key: DESTINATION_KEY, value: destination.name }],
        staticSummary: oneLine(`${destination.name} · batcher${batchKey ? ` (${batchKey})` : ''}`),
      });
      chunk = [];
      bytes = 0;
    };
    for (const entry of group) {
      const size = JSON.stringify(entry.lead).length + entry.deliveryId.length + 64;
      if (bytes + size > SIGNAL_BYTES) await flush();
      chunk.push(entry);
      bytes += size;
      batcherOf.set(entry.deliveryId, workflowId);
    }
    await flush();
  }
  return batcherOf;
}
