import type { BatchChunk, BatchEntry, BatchLeadLeftOut, RenderedBatch } from '../../contract/batch-records.js';
import type { BatchSendPlan } from '../../contract/delivery-plan.js';
import { LeadwireError } from '../errors/leadwire-error.js';
import { createRenderEnv } from '../render/render-env.js';
import { renderRequest } from '../render/render-request.js';
import { setHeaders } from '../render/set-headers.js';
import { skipReason } from '../render/skip-reason.js';
import type { SecretResolver } from '../secrets/secret-refs.js';
import { joinBatchBody, renderBatchItem } from './render-batch-body.js';

export type { RenderedBatch };

/**
 * Renders a batch: each lead on its own (so one bad lead is recorded as failed and does not
 * poison the rest), then the batch body, split into several requests when it would exceed
 * `batch.max_bytes`. URL, headers and auth come from the destination as for a single lead
 * (URL templates read the first lead of the chunk: give `batch.key` when they differ).
 * The sending activity renders a chunk again with the real secrets and `split: false`, so the
 * request sent holds exactly the leads the recorded render put in it.
 */
export async function renderBatch(
  destination: BatchSendPlan,
  batchId: string,
  entries: readonly BatchEntry[],
  now: string,
  secrets: SecretResolver,
  options: { split?: boolean } = {},
): Promise<RenderedBatch> {
  const { batch } = destination;
  const { ok, leftOut } = await renderItems(destination, entries, now, secrets);
  const chunks: BatchChunk[] = [];
  const build = async (part: readonly RenderedItem[]): Promise<void> => {
    if (part.length === 0) return;
    const items = part.map((p, i) => (i === 0 && p.csvItem !== undefined ? p.csvItem : p.item));
    const body = joinBatchBody(batch, items, part.map((p) => p.entry.lead), secrets);
    const size = Buffer.byteLength(body.body);
    if (size > batch.max_bytes && options.split !== false) {
      if (part.length === 1) {
        leftOut.push(tooLargeAlone(part[0]!.entry, size, batch.max_bytes));
        return;
      }
      const half = Math.ceil(part.length / 2);
      await build(part.slice(0, half));
      await build(part.slice(half));
      return;
    }
    const chunkId = `${batchId}${chunks.length === 0 ? '' : `-${chunks.length + 1}`}`;
    chunks.push(await renderChunk(destination, part, chunkId, now, secrets, body));
  };
  await build(ok);
  return { chunks, leftOut };
}

/** One lead's batch item (and, for csv, the item with the header row, used when it comes first in a chunk). */
interface RenderedItem {
  entry: BatchEntry;
  item: string;
  csvItem?: string;
}

/**
 * Renders each lead's item on its own: a lead the skip rules skip, or whose render fails with a
 * LeadwireError, is left out with the reason; the others come back in order.
 */
async function renderItems(
  destination: BatchSendPlan,
  entries: readonly BatchEntry[],
  now: string,
  secrets: SecretResolver,
): Promise<{ ok: RenderedItem[]; leftOut: BatchLeadLeftOut[] }> {
  const { batch } = destination;
  const leftOut: BatchLeadLeftOut[] = [];
  const ok: RenderedItem[] = [];
  for (const entry of entries) {
    const env = createRenderEnv(destination, entry.lead, { deliveryId: entry.deliveryId, now }, secrets);
    try {
      const skip = await skipReason(env);
      if (skip !== undefined) {
        leftOut.push({ deliveryId: entry.deliveryId, leadId: entry.leadId, outcome: 'skipped', reason: skip });
        continue;
      }
      const item = await renderBatchItem(batch, destination.body, env, false);
      // The csv header is rendered once per chunk, from that chunk's first lead.
      const csvItem = batch.format === 'csv' ? await renderBatchItem(batch, destination.body, env, true) : undefined;
      ok.push({ entry, item, ...(csvItem === undefined ? {} : { csvItem }) });
    } catch (err) {
      if (!(err instanceof LeadwireError)) throw err;
      leftOut.push({ deliveryId: entry.deliveryId, leadId: entry.leadId, outcome: 'error', reason: err.message, errorCode: err.code });
    }
  }
  return { ok, leftOut };
}

/** A lead left out because it alone renders over `batch.max_bytes`. */
function tooLargeAlone(only: BatchEntry, size: number, maxBytes: number): BatchLeadLeftOut {
  return {
    deliveryId: only.deliveryId,
    leadId: only.leadId,
    outcome: 'error',
    errorCode: 'BATCH_LEAD_TOO_LARGE',
    reason: `This lead alone renders to ${size} bytes, over batch.max_bytes (${maxBytes}). Raise max_bytes or send fewer fields.`,
  };
}

/**
 * One chunk's request: URL, headers and auth rendered for the chunk's first lead, the joined
 * batch body, and its content type unless the destination sets one.
 */
async function renderChunk(
  destination: BatchSendPlan,
  part: readonly RenderedItem[],
  chunkId: string,
  now: string,
  secrets: SecretResolver,
  body: ReturnType<typeof joinBatchBody>,
): Promise<BatchChunk> {
  const first = part[0]!.entry;
  const base = await renderRequest(destination, first.lead, { deliveryId: chunkId, now }, secrets);
  if (base.kind !== 'request') throw new LeadwireError('INTERNAL', `The first lead of batch ${chunkId} passed the skip rules but renders to a skip. This is a bug in leadwire; report it with this message.`, { retryable: true });
  const headers = { ...base.request.headers };
  const userSetType = Object.keys(destination.headers).some((h) => h.toLowerCase() === 'content-type');
  if (!userSetType) setHeaders(headers, { 'Content-Type': body.contentType });
  return {
    deliveryIds: part.map((p) => p.entry.deliveryId),
    outcome: { ...base, request: { ...base.request, headers, body: body.body } },
  };
}
