import { ApplicationFailure } from '@temporalio/common';
import { toErrorCode } from '../core/errors/error-codes.js';
import { firstTaskLostResult } from '../core/delivery/worker-lost.js';
import { unjudgedVerdict } from '../core/response/unjudged-verdict.js';
import { maskingSecretResolver } from '../core/secrets/secret-refs.js';
import type { Evaluator } from '../sandbox/evaluator.js';
import type { FirstAttemptInput, FirstAttemptResult, JudgeInput, JudgeResult } from '../contract/activity-messages.js';
import { judgePlanOf, sendPlanOf } from '../contract/delivery-plan.js';
import type { RenderedLeadSender } from './send-lead-activity.js';
import { toApplicationFailure } from './to-application-failure.js';

/**
 * The first attempt of a delivery in one step: render (the record, secrets masked), send, and
 * judge. The workflow runs it as a local activity in its first workflow task, so a lead
 * accepted at once costs one workflow task and a handful of history events instead of an
 * activity task round trip and two more workflow tasks. A worker lost in the middle of it
 * loses the workflow task: the next worker finds the task was retried and passes
 * `earlierTryLost`, so this records the first attempt as WORKER_LOST (it may have reached the
 * destination) without sending; the delivery's next attempt sends again with the same key.
 */
export function createDeliverFirstAttempt(
  now: () => Date,
  evaluator: Evaluator,
  sendLeadRendered: RenderedLeadSender,
  judgeAttempt: (input: JudgeInput) => Promise<JudgeResult>,
) {
  return async function deliverFirstAttempt(input: FirstAttemptInput): Promise<FirstAttemptResult> {
    const at = now().toISOString();
    const request = { plan: sendPlanOf(input.plan), lead: input.lead, deliveryId: input.deliveryId, now: at, attempt: 1 };
    let shown;
    let sent;
    try {
      shown = await evaluator.renderRequest(request.plan, input.lead, { deliveryId: input.deliveryId, now: at }, maskingSecretResolver);
      if (shown.kind === 'skip') return { now: at, outcome: shown };
      if (input.earlierTryLost) {
        const startedAt = input.earlierTryLost.workflowStartedAt;
        sent = firstTaskLostResult(shown.request.url, startedAt, Math.max(0, Date.parse(at) - Date.parse(startedAt)));
      } else {
        sent = await sendLeadRendered(request, shown);
      }
    } catch (err) {
      return toApplicationFailure(err);
    }
    try {
      return { now: at, outcome: shown, sent, ...(await judgeAttempt({ v: input.v, plan: judgePlanOf(input.plan), result: sent, attempt: 1 })) };
    } catch (err) {
      // Sent but not judged: recorded as such. Nothing after the send may throw, or a retry of
      // this step would send the lead again.
      const code = toErrorCode(err instanceof ApplicationFailure ? err.type : undefined, 'JUDGE_FAILED');
      return { now: at, outcome: shown, sent, verdict: unjudgedVerdict(code, (err as Error).message), retryDelayMs: 0 };
    }
  };
}
