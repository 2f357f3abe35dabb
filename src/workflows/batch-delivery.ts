import { CancellationScope, isCancellation, proxyActivities, proxyLocalActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { LeadwireActivities } from '../activities/create-activities.js';
import type { RenderBatchResult } from '../contract/activity-messages.js';
import type { BatchChunk, BatchEntry } from '../contract/batch-records.js';
import { batchJudgePlanOf, batchSendPlanOf, type BatchDeliveryPlan, type DeliveryPlan } from '../contract/delivery-plan.js';
import { CONTRACT_VERSION as v } from '../contract/version.js';
import type { Outcome } from '../core/delivery/outcome.js';
import { judgeSummary, renderSummary, sendSummary } from '../core/explain/step-summaries.js';
import type { Verdict } from '../core/response/verdict.js';
import { batchHandlerDescriptions, batchLeadQuery, batchStatusQuery } from '../shared/batch-messages.js';
import type { BatchLeadRecord, BatchResult, BatchStatus, DeliverBatchInput } from '../shared/batch-types.js';
import { ATTEMPTS_KEY, LAST_STATUS_KEY, OUTCOME_KEY } from '../shared/search-attributes.js';
import { applicationFailureOf } from './application-failure-of.js';
import { createAttemptLoop, type AttemptFn, type AttemptLoop, type LoopEnd } from './attempt-loop.js';
import { judgedOrError } from './judged-or-error.js';
import { sendActivityTimeoutMs, sendOrWorkerLost } from './send-or-worker-lost.js';

const { renderBatch, judgeBatch } = proxyLocalActivities<LeadwireActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { maximumAttempts: 3 },
});
const sendFor = (d: DeliveryPlan) => proxyActivities<LeadwireActivities>({ startToCloseTimeout: sendActivityTimeoutMs(d.timeout), retry: { maximumAttempts: 1 } }).sendBatch;

/** One request of the batch as the attempt loop sends it, with the per-lead verdicts of its latest attempt. */
interface ChunkToSend {
  entries: BatchEntry[];
  chunkId: string;
  chunk: BatchChunk;
  /** The render time: the sending activity renders the request again at the same time. */
  now: string;
  leadVerdicts: Verdict[];
}

/**
 * The state of one deliverBatch run: each lead's line in the record, the status its queries
 * answer, the attempt loop shared with single deliveries, and the batch's outcome so far.
 * One method per step of the workflow (render, send a chunk, record it, finish).
 */
export class BatchDelivery {
  readonly leads: BatchLeadRecord[];
  readonly status: BatchStatus;
  readonly loop: AttemptLoop;
  private readonly byId: Map<string, BatchLeadRecord>;
  private outcome: Outcome;
  private reason: string;

  /** Answers the batch's queries and installs the attempt loop (with its operator handlers) before anything runs. */
  constructor(readonly input: DeliverBatchInput) {
    this.leads = input.entries.map((e) => ({ deliveryId: e.deliveryId, leadId: e.leadId, outcome: 'pending', reason: 'Waiting to be sent' }));
    this.byId = new Map(this.leads.map((l) => [l.deliveryId, l]));
    this.status = { batchId: input.batchId, state: 'rendering', attempts: [], parked: false, leads: this.leads };
    setHandler(batchStatusQuery, () => this.status, { description: batchHandlerDescriptions.batchStatus });
    setHandler(batchLeadQuery, (deliveryId) => this.byId.get(deliveryId) ?? null, { description: batchHandlerDescriptions.batchLead });
    this.loop = createAttemptLoop(input.plan, this.status, { kind: 'batch', id: input.batchId });
    this.loop.explain({ state: 'rendering' });
    this.outcome = 'success';
    this.reason = `Accepted: ${input.entries.length} lead${input.entries.length === 1 ? '' : 's'}`;
  }

  /** Renders every lead of the batch; a lead left out (skipped, or failed on its own) is recorded at once. */
  async render(): Promise<RenderBatchResult> {
    const { plan, batchId, entries } = this.input;
    const rendered = await renderBatch.executeWithOptions({ summary: renderSummary(plan.name, entries.length) }, [{ v, plan: batchSendPlanOf(plan), batchId, entries }]);
    for (const left of rendered.leftOut) {
      this.setLead(left.deliveryId, left.outcome, left.reason, left.errorCode ? { outcome: 'error', errorCode: left.errorCode, reason: left.reason, retryable: false, fields: {} } : undefined);
    }
    return rendered;
  }

  /** Sends the batch's `n`th request through the retry-and-park loop, then records its leads' outcomes. */
  async sendChunk(rendered: RenderBatchResult, chunk: BatchChunk, n: number): Promise<void> {
    const toSend: ChunkToSend = {
      entries: chunk.deliveryIds.map((id) => this.input.entries.find((e) => e.deliveryId === id)!),
      chunkId: n === 0 ? this.input.batchId : `${this.input.batchId}-${n + 1}`,
      chunk,
      now: rendered.now,
      leadVerdicts: [],
    };
    const end = await this.loop.run(
      this.attemptAt(toSend),
      // A corrected destination is used for the next attempts; the batch's leads stay the same.
      async () => undefined,
    );
    this.recordChunk(toSend, end);
  }

  /** Marks the batch's outcome: what leads still pending end with, and what its record says. */
  end(outcome: Outcome, reason: string): void {
    this.outcome = outcome;
    this.reason = reason;
  }

  /** Ends the batch on a cancellation or an activity's failure; rethrows anything else. */
  endAfter(err: unknown): BatchResult | Promise<BatchResult> {
    if (isCancellation(err)) {
      this.end('cancelled', 'Cancelled by an operator');
      return CancellationScope.nonCancellable(async () => this.finish());
    }
    const failure = applicationFailureOf(err);
    if (!failure) throw err;
    this.end('error', failure.message);
    return this.finish();
  }

  /** Closes the loop, gives every lead still pending the batch's outcome, and keeps the record, details and search attributes. */
  finish(): BatchResult {
    const { loop, status, outcome, reason } = this;
    loop.close();
    for (const lead of this.leads) if (lead.outcome === 'pending') this.setLead(lead.deliveryId, outcome, reason);
    const response = loop.last?.sent.kind === 'response' ? loop.last.sent.response : undefined;
    const result: BatchResult = {
      batchId: this.input.batchId,
      batcherId: this.input.batcherId,
      destination: loop.plan.name,
      outcome,
      reason,
      attempts: status.attempts,
      leads: this.leads,
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
  }

  /** One attempt at a request of the batch: send it, judge the answer, and keep its per-lead verdicts. */
  private attemptAt(toSend: ChunkToSend): AttemptFn {
    const { entries, chunkId, chunk, now } = toSend;
    return async (destination, attempt, roundAttempt) => {
      const url = chunk.outcome.kind === 'request' ? chunk.outcome.request.url : destination.url;
      const sent = await sendOrWorkerLost(
        () =>
          sendFor(destination).executeWithOptions({ summary: sendSummary(destination, attempt, entries.length) }, [
            { v, plan: batchSendPlanOf(this.withBatch(destination)), chunkId, entries, now },
          ]),
        url,
        destination.timeout,
      );
      const judgeOptions = { summary: judgeSummary(attempt, sent.kind === 'response' ? sent.response.status : undefined, sent.kind === 'network-error' ? sent.code : undefined) };
      const judged = await judgedOrError(
        judgeBatch.executeWithOptions(judgeOptions, [
          { v, plan: batchJudgePlanOf(this.withBatch(destination)), result: sent, attempt: roundAttempt, entries: entries.map((e) => ({ deliveryId: e.deliveryId, leadId: e.leadId })) },
        ]),
        { leads: [] as Verdict[] },
      );
      toSend.leadVerdicts = judged.leads;
      return { sent, verdict: judged.verdict, retryDelayMs: judged.retryDelayMs };
    };
  }

  /** Records how a request of the batch ended on each of its leads; a failed one becomes the batch's outcome. */
  private recordChunk({ entries, leadVerdicts }: ChunkToSend, end: LoopEnd): void {
    if (end.kind === 'skipped') {
      for (const e of entries) this.setLead(e.deliveryId, 'skipped', end.reason);
      return;
    }
    if (end.outcome === 'success') {
      entries.forEach((e, i) => {
        const verdict = leadVerdicts[i];
        this.setLead(e.deliveryId, verdict?.outcome ?? 'success', verdict?.reason ?? end.reason, verdict);
      });
      return;
    }
    for (const e of entries) this.setLead(e.deliveryId, end.outcome, end.reason, this.loop.last?.verdict);
    this.end(end.outcome, end.reason);
  }

  /** A corrected destination keeps the batch options its batcher started the batch with. */
  private withBatch(plan: DeliveryPlan): BatchDeliveryPlan {
    return { ...plan, batch: plan.batch ?? this.input.plan.batch };
  }

  /** Writes one lead's line in the record, with what the verdict says about it. */
  private setLead(deliveryId: string, outcome: Outcome, reason: string, verdict?: Verdict): void {
    const lead = this.byId.get(deliveryId);
    if (!lead) return;
    lead.outcome = outcome;
    lead.reason = reason;
    if (verdict?.errorCode) lead.errorCode = verdict.errorCode;
    if (verdict && Object.keys(verdict.fields).length > 0) lead.fields = verdict.fields;
    if (verdict?.price !== undefined) lead.price = verdict.price;
    if (verdict?.reference !== undefined) lead.reference = verdict.reference;
  }
}
