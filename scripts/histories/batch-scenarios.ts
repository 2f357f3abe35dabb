import type { Client } from '@temporalio/client';
import { batcherIdFor, submitToBatch } from '../../src/client/submit-to-batch.js';
import { batchDeliveryPlanFrom } from '../../src/config/delivery-plan-from.js';
import { parseDestination } from '../../src/config/parse-destination.js';
import { CONTRACT_VERSION as v } from '../../src/contract/version.js';
import type { BatchEntry } from '../../src/core/batch/batch-entry.js';
import { addLeadsSignal, batcherStatusQuery } from '../../src/shared/batch-messages.js';
import type { BatcherInput } from '../../src/shared/batch-types.js';
import { receiverDestination, replayLead, type ScenarioContext } from './scenario-context.js';
import { expectPath, waitUntil } from './wait-until.js';

const entry = (id: string): BatchEntry => ({ deliveryId: `batched-${id}`, leadId: id, lead: replayLead(id) });

/** Every run of a workflow id, oldest first (visibility is eventually consistent: wait for `atLeast`). */
async function runsOf(temporal: Client, workflowId: string, atLeast: number): Promise<string[]> {
  return waitUntil(`${atLeast}+ runs of ${workflowId}`, async () => {
    const runs: { runId: string; start: number }[] = [];
    for await (const w of temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push({ runId: w.runId, start: w.startTime.getTime() });
    return runs.length >= atLeast ? runs.sort((a, b) => a.start - b.start).map((r) => r.runId) : undefined;
  });
}

/**
 * A batcher (size 2, an hour's window) that rolls over every 20 history events: eight leads,
 * one signal each, make four batches and at least one continue-as-new; then one more lead
 * waits in the new run on its window timer.
 */
async function batcherRollsOver(ctx: ScenarioContext): Promise<void> {
  const { temporal, taskQueue } = ctx.stack;
  const destination = parseDestination(receiverDestination(ctx.stack.receiver.url, 'batcher', '/leads/bulk', { batch: { size: 2, timeout: 3_600_000 } }), 'replay batcher');
  const workflowId = batcherIdFor(destination, '');
  const input: BatcherInput = { v, plan: batchDeliveryPlanFrom(destination), batchKey: '', maxHistoryEvents: 20 };
  const signal = (e: BatchEntry) => temporal.workflow.signalWithStart('leadBatcher', { workflowId, taskQueue, args: [input], signal: addLeadsSignal, signalArgs: [[e]] });
  const entries = Array.from({ length: 8 }, (_, i) => entry(`roll-${i}`));
  for (const e of entries) await signal(e);
  const results = await Promise.all(entries.map((e) => ctx.stack.client.result(e.deliveryId)));
  expectPath(results.every((r) => r.outcome === 'success'), 'batcher leads delivered');
  const [firstRun] = await runsOf(temporal, workflowId, 2);
  await ctx.recorder.record('lead-batcher--rolled-over', workflowId, 'a batcher run that started four deliverBatch children (size 2) and continued as new past 20 history events', { runId: firstRun!, state: 'closed' });

  await signal(entry('roll-pending'));
  await waitUntil('the new batcher run to hold one pending lead', async () => (await temporal.workflow.getHandle(workflowId).query(batcherStatusQuery)).pending === 1);
  await ctx.recorder.record('lead-batcher--waiting--open', workflowId, 'a batcher run after continue-as-new, holding one lead on its hour-long window timer (open)', { state: 'open' });

  const batchId = results[0]!.batchId!;
  await ctx.recorder.record('deliver-batch--success', batchId, 'a batch of two leads started by the batcher: renderBatch local activity, sendBatch activity, judgeBatch local activity, accepted', { state: 'closed' });
}

/** A batch that fails twice (two attempts a round) and parks; retried by the update, accepted. */
async function batchParkedAndRetried(ctx: ScenarioContext): Promise<void> {
  const destination = parseDestination(
    receiverDestination(ctx.stack.receiver.url, 'parked-batch', '/leads/bulk?fail=2&fail_status=503', { batch: { size: 2, timeout: 3_600_000 }, retry: { max_attempts: 2, delay: 50 } }),
    'replay parked batch',
  );
  const entries = [entry('parked-batch-0'), entry('parked-batch-1')];
  await submitToBatch(ctx.stack.temporal, ctx.stack.taskQueue, destination, entries);
  const batchId = await waitUntil('the parked batch', async () => {
    const s = await ctx.stack.client.status(entries[0]!.deliveryId);
    return s.batch?.batchId && s.parked ? s.batch.batchId : undefined;
  });
  await ctx.recorder.record('deliver-batch--parked--open', batchId, 'a batch answered 503 twice: retries exhausted, parked (open)', { state: 'open' });
  await ctx.stack.client.retry(batchId, { requestedBy: 'replay-recorder' });
  const result = await ctx.stack.client.result(entries[1]!.deliveryId);
  expectPath(result.outcome === 'success', `parked batch retried: ${result.outcome}`);
  await ctx.recorder.record('deliver-batch--parked--retry-update', batchId, 'a parked batch retried by the retry update; the third attempt accepted for both leads', { state: 'closed' });
}

export async function recordBatches(ctx: ScenarioContext): Promise<void> {
  await Promise.all([batcherRollsOver(ctx), batchParkedAndRetried(ctx)]);
}
