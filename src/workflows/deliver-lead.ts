import { CancellationScope, isCancellation, proxyActivities, proxyLocalActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { toErrorCode, type ErrorCode } from '../core/errors/error-codes.js';
import type { LeadwireActivities } from '../activities/create-activities.js';
import type { FirstAttemptResult, RenderResult } from '../contract/activity-messages.js';
import { judgePlanOf, sendPlanOf, type DeliveryPlan } from '../contract/delivery-plan.js';
import { upgrade } from '../contract/upgrade/upgrade.js';
import { CONTRACT_VERSION as v } from '../contract/version.js';
import type { DeliveryResult } from '../core/delivery/delivery-result.js';
import type { Outcome } from '../core/delivery/outcome.js';
import { pingAttemptTimeoutMs, pingMayRetry } from '../core/flows/ping-window.js';
import { judgeSummary, renderSummary, sendSummary } from '../core/explain/step-summaries.js';
import type { Verdict } from '../core/response/verdict.js';
import { reportDeliveryFinished } from '../metrics/report-delivery-finished.js';
import type { DeliverLeadInput } from '../shared/delivery-input.js';
import type { DeliveryStatus } from '../shared/delivery-status.js';
import { handlerDescriptions, statusQuery } from '../shared/messages.js';
import { ATTEMPTS_KEY, LAST_STATUS_KEY, OUTCOME_KEY } from '../shared/search-attributes.js';
import { applicationFailureOf } from './application-failure-of.js';
import { createAttemptLoop } from './attempt-loop.js';
import { FIRST_TASK_HISTORY_LENGTH, firstAttemptInTask } from './first-attempt.js';
import { judgedOrError } from './judged-or-error.js';
import { sendActivityTimeoutMs, sendOrWorkerLost } from './send-or-worker-lost.js';

// The pure steps run as local activities: visible in history as markers, cheap in events.
const { renderLead, judgeAttempt } = proxyLocalActivities<LeadwireActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3 },
});

/**
 * The first attempt in one local activity (render, send, judge), run in the first workflow
 * task. Retried only for failures before the send: nothing after it throws.
 */
const firstAttemptFor = (d: DeliveryPlan) =>
  proxyLocalActivities<LeadwireActivities>({ startToCloseTimeout: sendActivityTimeoutMs(d.timeout), retry: { maximumAttempts: 3 } }).deliverFirstAttempt;

/** The send step; Temporal does not retry it: a lost worker is a timed-out attempt, judged like any other. */
export const sendActivityFor = (d: DeliveryPlan) =>
  proxyActivities<LeadwireActivities>({ startToCloseTimeout: sendActivityTimeoutMs(d.timeout), retry: { maximumAttempts: 1 } });

/**
 * Delivers one lead to one destination. The common case (a short timeout, not at_most_once)
 * makes its first attempt in the first workflow task, as one local activity that renders,
 * sends and judges: a lead accepted at once is delivered in a single workflow task. Otherwise,
 * and for every later attempt: render (local activity), then send (activity) and judge (local
 * activity) in the shared retry-and-park loop. Then the record.
 */
export async function deliverLead(stored: DeliverLeadInput): Promise<DeliveryResult> {
  // Recorded by this release or an earlier one (src/contract/upgrade): read as today's.
  const input = upgrade.deliverLeadInput(stored);
  const status: DeliveryStatus = { deliveryId: input.deliveryId, state: 'rendering', attempts: [], parked: false };
  setHandler(statusQuery, () => status, { description: handlerDescriptions.status });
  const loop = createAttemptLoop(input.plan, status, { kind: 'lead', id: input.deliveryId });
  loop.explain({ state: 'rendering' });

  const finish = (outcome: Outcome, reason: string, failureCode?: ErrorCode): DeliveryResult => {
    loop.close();
    const extra = loop.last ? resultExtra(loop.last.verdict, loop.last.sent.kind === 'response' ? loop.last.sent.response : undefined) : {};
    const result: DeliveryResult = {
      deliveryId: input.deliveryId,
      destination: loop.plan.name,
      leadId: input.leadId,
      outcome,
      reason,
      fields: {},
      attempts: status.attempts,
      ...extra,
      ...(failureCode ? { errorCode: failureCode } : {}),
      ...(loop.operatorActions.length ? { operatorActions: loop.operatorActions } : {}),
      finishedAt: new Date().toISOString(),
    };
    status.result = result;
    loop.explain({ state: 'done', outcome, reason, attempts: status.attempts.length, ...(result.response ? { status: result.response.status } : {}), ...(result.errorCode ? { errorCode: result.errorCode } : {}) });
    // A sink call: no history event, skipped on replay.
    reportDeliveryFinished(result);
    // One upsert on the way out keeps the happy path's history short.
    upsertSearchAttributes([
      { key: OUTCOME_KEY, value: outcome },
      { key: ATTEMPTS_KEY, value: status.attempts.length },
      ...(result.response ? [{ key: LAST_STATUS_KEY, value: result.response.status }] : []),
    ]);
    return result;
  };

  // A ping's bid window, opened by its own send (src/core/flows/ping-window.ts): each attempt is
  // cut to what is left of it, and no retry starts after it. Pings without one, posts and
  // deliveries send with their destination as it is.
  const windowMs = input.answerWithinMs;
  const inWindow = (d: DeliveryPlan): DeliveryPlan => (windowMs === undefined ? d : { ...d, timeout: pingAttemptTimeoutMs(status.attempts, windowMs, d.timeout, Date.now()) });
  const limits = windowMs === undefined ? undefined : { mayRetry: (delayMs: number) => pingMayRetry(status.attempts, windowMs, Date.now(), delayMs), why: `no time left in its bid window (ping_timeout ${windowMs} ms from its send)` };

  try {
    const render = (plan: DeliveryPlan) =>
      renderLead.executeWithOptions({ summary: renderSummary(plan.name) }, [{ v, plan: sendPlanOf(plan), lead: input.lead, deliveryId: input.deliveryId }]);
    let first: FirstAttemptResult | undefined;
    let rendered: RenderResult;
    const firstTo = inWindow(input.plan);
    if (firstAttemptInTask(firstTo)) {
      // A first task that was tried before did not record its attempt: it may have been sent.
      // Only its input says so, never which local activity runs: on replay, historyLength is
      // not what it was when the task first ran (e.g. after a task heartbeat), and the recorded
      // marker decides the result anyway.
      const info = workflowInfo();
      const earlierTryLost = info.historyLength > FIRST_TASK_HISTORY_LENGTH ? { workflowStartedAt: info.startTime.toISOString() } : undefined;
      first = await firstAttemptFor(firstTo).executeWithOptions({ summary: sendSummary(firstTo, 1) }, [
        { v, plan: firstTo, lead: input.lead, deliveryId: input.deliveryId, ...(earlierTryLost ? { earlierTryLost } : {}) },
      ]);
      rendered = { now: first.now, outcome: first.outcome };
    } else {
      rendered = await render(input.plan);
    }
    if (rendered.outcome.kind === 'skip') return finish('skipped', rendered.outcome.reason);
    const end = await loop.run(
      async (destination, attempt, roundAttempt) => {
        const url = rendered.outcome.kind === 'request' ? rendered.outcome.request.url : destination.url;
        if (attempt === 1 && first?.sent) return { sent: first.sent, verdict: first.verdict, retryDelayMs: first.retryDelayMs };
        const sendTo = inWindow(destination);
        const sent = await sendOrWorkerLost(
          () =>
            sendActivityFor(sendTo).sendLead.executeWithOptions({ summary: sendSummary(sendTo, attempt) }, [
              { v, plan: sendPlanOf(sendTo), lead: input.lead, deliveryId: input.deliveryId, now: rendered.now, attempt },
            ]),
          url,
          sendTo.timeout,
        );
        const judgeOptions = { summary: judgeSummary(attempt, sent.kind === 'response' ? sent.response.status : undefined, sent.kind === 'network-error' ? sent.code : undefined) };
        const judged = await judgedOrError(judgeAttempt.executeWithOptions(judgeOptions, [{ v, plan: judgePlanOf(destination), result: sent, attempt: roundAttempt }]), {});
        return { sent, ...judged };
      },
      async (destination) => {
        rendered = await render(destination);
        return rendered.outcome.kind === 'skip' ? rendered.outcome.reason : undefined;
      },
      limits,
    );
    return finish(end.kind === 'skipped' ? 'skipped' : end.outcome, end.reason);
  } catch (err) {
    if (isCancellation(err)) {
      return CancellationScope.nonCancellable(async () => finish('cancelled', 'Cancelled by an operator'));
    }
    const failure = applicationFailureOf(err);
    if (failure) return finish('error', failure.message, toErrorCode(failure.type, 'INTERNAL'));
    throw err;
  }
}

/** The parts of the result record that come from the latest attempt. */
export function resultExtra(verdict: Verdict, response: DeliveryResult['response']): Partial<DeliveryResult> {
  return {
    fields: verdict.fields,
    ...(response ? { response } : {}),
    ...(verdict.errorCode ? { errorCode: verdict.errorCode } : {}),
    ...(verdict.price !== undefined ? { price: verdict.price } : {}),
    ...(verdict.reference !== undefined ? { reference: verdict.reference } : {}),
  };
}
