import type { Client } from '@temporalio/client';
import type { DeliveryResult } from '../core/delivery/delivery-result.js';
import { batchLeadQuery, batchStatusQuery, pendingLeadQuery } from '../shared/batch-messages.js';
import type { BatchLeadRecord, BatchResult } from '../shared/batch-types.js';
import type { DeliveryStatus } from '../shared/delivery-status.js';
import { leadIndexKey } from '../core/batch/lead-index-key.js';

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The batch workflows that may hold a lead, found through its index key in the
 * LeadwireDeliveryIds search attribute (newest first; a rare key collision adds a candidate).
 */
async function findBatchesOf(temporal: Client, deliveryId: string): Promise<string[]> {
  const ids: string[] = [];
  const query = `WorkflowType = 'deliverBatch' AND LeadwireDeliveryIds = ${quote(leadIndexKey(deliveryId))}`;
  for await (const wf of temporal.workflow.list({ query })) {
    ids.push(wf.workflowId);
    if (ids.length >= 5) break;
  }
  return ids;
}

/**
 * The batch workflow that holds a lead: the indexed candidate whose record lists it. With
 * `scan`, a lead the index does not cover (a batch larger than the server's search-attribute
 * value limit allows to index) is looked for in the 50 newest batches of the task queue.
 */
export async function findBatchOf(temporal: Client, deliveryId: string, options: { scan?: { taskQueue: string } } = {}): Promise<string | undefined> {
  const holds = async (batchId: string) => {
    const done = await finishedBatch(temporal, batchId);
    if (done) return done.leads.some((l) => l.deliveryId === deliveryId);
    return temporal.withDeadline(Date.now() + 2000, () => temporal.workflow.getHandle(batchId).query(batchLeadQuery, deliveryId)).then(
      (lead) => lead !== null,
      () => false,
    );
  };
  const candidates = await findBatchesOf(temporal, deliveryId);
  if (candidates.length === 1) return candidates[0];
  for (const batchId of candidates) if (await holds(batchId)) return batchId;
  if (!options.scan) return candidates[0];
  const query = `WorkflowType = 'deliverBatch' AND TaskQueue = ${quote(options.scan.taskQueue)}`;
  let looked = 0;
  for await (const wf of temporal.workflow.list({ query })) {
    if (await holds(wf.workflowId)) return wf.workflowId;
    if (++looked >= 50) break;
  }
  return candidates[0];
}

/**
 * A lead still waiting in a running batcher of this task queue, with that batcher's id.
 * Each batcher gets two seconds to answer: one whose workers are gone must not hang the
 * caller. `unanswered` counts batchers that did not answer, so "not found" is only said
 * when every batcher was asked.
 */
export async function findPendingLead(
  temporal: Client,
  taskQueue: string,
  deliveryId: string,
): Promise<{ batcherId: string; lead: BatchLeadRecord } | { unanswered: number }> {
  const query = `WorkflowType = 'leadBatcher' AND ExecutionStatus = 'Running' AND TaskQueue = ${quote(taskQueue)}`;
  let unanswered = 0;
  for await (const wf of temporal.workflow.list({ query })) {
    const handle = temporal.workflow.getHandle(wf.workflowId);
    const lead = await temporal.withDeadline(Date.now() + 2000, () => handle.query(pendingLeadQuery, deliveryId)).catch(() => {
      unanswered++;
      return null;
    });
    if (lead) return { batcherId: wf.workflowId, lead };
  }
  return { unanswered };
}

/** A lead's own line of a batch record, shaped as a single delivery's result. */
export function leadResultFromBatch(batch: BatchResult, deliveryId: string): DeliveryResult | undefined {
  const lead = batch.leads.find((l) => l.deliveryId === deliveryId);
  if (!lead || lead.outcome === 'pending') return undefined;
  return {
    deliveryId,
    destination: batch.destination,
    leadId: lead.leadId,
    outcome: lead.outcome,
    reason: lead.reason,
    ...(lead.errorCode ? { errorCode: lead.errorCode } : {}),
    fields: lead.fields ?? {},
    ...(lead.price !== undefined ? { price: lead.price } : {}),
    ...(lead.reference !== undefined ? { reference: lead.reference } : {}),
    attempts: batch.attempts,
    ...(batch.response ? { response: batch.response } : {}),
    batchId: batch.batchId,
    ...(batch.finishedAt ? { finishedAt: batch.finishedAt } : {}),
  };
}

/**
 * A batch's record once it has completed, read from its history: no worker has to replay the
 * batch to answer (a query on a closed workflow needs one, and a busy or stopped worker leaves it
 * unanswered). Undefined while the batch runs, or when it cannot be read.
 */
async function finishedBatch(temporal: Client, batchId: string): Promise<BatchResult | undefined> {
  const handle = temporal.workflow.getHandle(batchId);
  try {
    const { status } = await handle.describe();
    return status.name === 'COMPLETED' ? ((await handle.result()) as BatchResult) : undefined;
  } catch {
    return undefined;
  }
}

/** The status of a lead in a completed batch, from the batch's record. */
function statusFromRecord(batch: BatchResult, deliveryId: string): DeliveryStatus {
  const lead = batch.leads.find((l) => l.deliveryId === deliveryId);
  const result = leadResultFromBatch(batch, deliveryId);
  const failed = [...batch.attempts].reverse().find((a) => a.outcome !== 'success');
  return {
    deliveryId,
    state: 'done',
    attempts: batch.attempts,
    parked: false,
    ...(failed ? { lastError: failed.reason } : {}),
    ...(failed?.errorCode ? { lastErrorCode: failed.errorCode } : {}),
    ...(result ? { result } : {}),
    batch: { batchId: batch.batchId, ...(lead ? { lead } : {}) },
  };
}

/** Status of a lead in a batch: the batch's attempts and the lead's own line (live while it runs). */
export async function batchedLeadStatus(temporal: Client, batchId: string, deliveryId: string): Promise<DeliveryStatus> {
  const done = await finishedBatch(temporal, batchId);
  if (done) return statusFromRecord(done, deliveryId);
  const handle = temporal.workflow.getHandle(batchId);
  const [status, lead] = await Promise.all([handle.query(batchStatusQuery), handle.query(batchLeadQuery, deliveryId)]);
  const result = status.result ? leadResultFromBatch(status.result, deliveryId) : undefined;
  return {
    deliveryId,
    state: status.state,
    attempts: status.attempts,
    parked: status.parked,
    ...(status.lastError ? { lastError: status.lastError } : {}),
    ...(status.lastErrorCode ? { lastErrorCode: status.lastErrorCode } : {}),
    ...(status.nextAttemptAt ? { nextAttemptAt: status.nextAttemptAt } : {}),
    ...(status.parkedUntil ? { parkedUntil: status.parkedUntil } : {}),
    ...(result ? { result } : {}),
    batch: { batchId, ...(lead ? { lead } : {}) },
  };
}
