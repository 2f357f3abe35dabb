import { CancellationScope, isCancellation, proxyActivities, proxyLocalActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { LeadwireActivities } from '../activities/create-activities.js';
import { batchJudgePlanOf, batchSendPlanOf, type BatchDeliveryPlan, type DeliveryPlan } from '../contract/delivery-plan.js';
import { upgrade } from '../contract/upgrade/upgrade.js';
import { CONTRACT_VERSION as v } from '../contract/version.js';
import type { Outcome } from '../core/delivery/outcome.js';
import { judgeSummary, renderSummary, sendSummary } from '../core/explain/step-summaries.js';
import type { Verdict } from '../core/response/verdict.js';
import { batchHandlerDescriptions, batchLeadQuery, batchStatusQuery } from '../shared/batch-messages.js';
import type { BatchLeadRecord, BatchResult, BatchStatus, DeliverBatchInput } from '../shared/batch-types.js';
import { ATTEMPTS_KEY, LAST_STATUS_KEY, OUTCOME_KEY } from '../shared/search-attributes.js';
import { applicationFailureOf } from './application-failure-of.js';
import { createAttemptLoop } from './attempt-loop.js';
import { judgedOrError } from './judged-or-error.js';
import { sendActivityTimeoutMs, sendOrWorkerLost } from './send-or-worker-lost.js';

const { renderBatch, judgeBatch } = proxyLocalActivities<LeadwireActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { maximumAttempts: 3 },
});
const sendFor = (d: DeliveryPlan) => proxyActivities<LeadwireActivities>({ startToCloseTimeout: sendActivityTimeoutMs(d.timeout), retry: { maximumAttempts: 1 } }).sendBatch;

/**
 * Delivers one batch: render every lead (a lead that fails is recorded on its own), send the
 * batch request(s) through the same retry-and-park loop as a single lead, then record each
 * lead's outcome, from per-lead results in the response when the API gives them.
 */
export async function deliverBatch(stored: DeliverBatchInput): Promise<BatchResult> {
  // Recorded by this release or an earlier one (src/contract/upgrade): read as today's.
  const input = upgrade.deliverBatchInput(stored);
  const leads: BatchLeadRecord[] = input.entries.map((e) => ({ deliveryId: e.deliveryId, leadId: e.leadId, outcome: 'pending', reason: 'Waiting to be sent' }));
  const byId = new Map(leads.map((l) => [l.deliveryId, l]));
  const status: BatchStatus = { batchId: input.batchId, state: 'rendering', attempts: [], parked: false, leads };
  setHandler(batchStatusQuery, () => status, { description: batchHandlerDescriptions.batchStatus });
  setHandler(batchLeadQuery, (deliveryId) => byId.get(deliveryId) ?? null, { description: batchHandlerDescriptions.batchLead });
  const loop = createAttemptLoop(input.plan, status, { kind: 'batch', id: input.batchId });
  // A corrected destination keeps the batch options its batcher started the batch with.
  const withBatch = (plan: DeliveryPlan): BatchDeliveryPlan => ({ ...plan, batch: plan.batch ?? input.plan.batch });
  loop.explain({ state: 'rendering' });

  const setLead = (deliveryId: string, outcome: Outcome, reason: string, verdict?: Verdict) => {
    const lead = byId.get(deliveryId);
    if (!lead) return;
    lead.outcome = outcome;
    lead.reason = reason;
    if (verdict?.errorCode) lead.errorCode = verdict.errorCode;
    if (verdict && Object.keys(verdict.fields).length > 0) lead.fields = verdict.fields;
    if (verdict?.price !== undefined) lead.price = verdict.price;
    if (verdict?.reference !== undefined) lead.reference = verdict.reference;
  };

  let outcome: Outcome = 'success';
  let reason = `Accepted: ${input.entries.length} lead${input.entries.length === 1 ? '' : 's'}`;
  const finish = (): BatchResult => {
    loop.close();
    for (const lead of leads) if (lead.outcome === 'pending') setLead(lead.deliveryId, outcome, reason);
    const response = loop.last?.sent.kind === 'response' ? loop.last.sent.response : undefined;
    const result: BatchResult = {
      batchId: input.batchId,
      batcherId: input.batcherId,
      destination: loop.plan.name,
      outcome,
      reason,
      attempts: status.attempts,
      leads,
      ...(response ? { response } : {}),
      ...(loop.operatorActions.length ? { operatorActions: loop.operatorActions } : {}),
      finishedAt: new Date().toISOString(),
    };
    status.result = result;
    loop.explain({ state: 'done', outcome, reason, attempts: status.attempts.length, ...(response ? { status: response.status } : {}), ...(loop.last?.verdict.errorCode ? { errorCode: loop.last.verdict.errorCode } : {}) });
    upsertSearchAttributes([
      { key: OUTCOME_KEY, value: outcome },
      { key: ATTEMPTS_KEY, value: status.attempts.length },
      ...(response ? [{ key: LAST_STATUS_KEY, value: response.status }] : []),
    ]);
    return result;
  };

  try {
    const rendered = await renderBatch.executeWithOptions({ summary: renderSummary(input.plan.name, input.entries.length) }, [
      { v, plan: batchSendPlanOf(input.plan), batchId: input.batchId, entries: input.entries },
    ]);
    for (const left of rendered.leftOut) {
      setLead(left.deliveryId, left.outcome, left.reason, left.errorCode ? { outcome: 'error', errorCode: left.errorCode, reason: left.reason, retryable: false, fields: {} } : undefined);
    }
    for (const [n, chunk] of rendered.chunks.entries()) {
      const entries = chunk.deliveryIds.map((id) => input.entries.find((e) => e.deliveryId === id)!);
      const chunkId = n === 0 ? input.batchId : `${input.batchId}-${n + 1}`;
      let leadVerdicts: Verdict[] = [];
      const end = await loop.run(
        async (destination, attempt, roundAttempt) => {
          const url = chunk.outcome.kind === 'request' ? chunk.outcome.request.url : destination.url;
          const sent = await sendOrWorkerLost(
            () =>
              sendFor(destination).executeWithOptions({ summary: sendSummary(destination, attempt, entries.length) }, [
                { v, plan: batchSendPlanOf(withBatch(destination)), chunkId, entries, now: rendered.now },
              ]),
            url,
            destination.timeout,
          );
          const judgeOptions = { summary: judgeSummary(attempt, sent.kind === 'response' ? sent.response.status : undefined, sent.kind === 'network-error' ? sent.code : undefined) };
          const judged = await judgedOrError(
            judgeBatch.executeWithOptions(judgeOptions, [
              { v, plan: batchJudgePlanOf(withBatch(destination)), result: sent, attempt: roundAttempt, entries: entries.map((e) => ({ deliveryId: e.deliveryId, leadId: e.leadId })) },
            ]),
            { leads: [] as Verdict[] },
          );
          leadVerdicts = judged.leads;
          return { sent, verdict: judged.verdict, retryDelayMs: judged.retryDelayMs };
        },
        // A corrected destination is used for the next attempts; the batch's leads stay the same.
        async () => undefined,
      );
      if (end.kind === 'skipped') {
        for (const e of entries) setLead(e.deliveryId, 'skipped', end.reason);
        continue;
      }
      if (end.outcome === 'success') {
        entries.forEach((e, i) => {
          const v = leadVerdicts[i];
          setLead(e.deliveryId, v?.outcome ?? 'success', v?.reason ?? end.reason, v);
        });
      } else {
        for (const e of entries) setLead(e.deliveryId, end.outcome, end.reason, loop.last?.verdict);
        outcome = end.outcome;
        reason = end.reason;
      }
    }
    if (rendered.chunks.length === 0) {
      outcome = 'skipped';
      reason = 'No lead of the batch was left to send';
    }
    return finish();
  } catch (err) {
    if (isCancellation(err)) {
      outcome = 'cancelled';
      reason = 'Cancelled by an operator';
      return CancellationScope.nonCancellable(async () => finish());
    }
    const failure = applicationFailureOf(err);
    if (failure) {
      outcome = 'error';
      reason = failure.message;
      return finish();
    }
    throw err;
  }
}
