import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { LeadwireActivities } from '../activities/create-activities.js';
import { toAttemptRecord } from '../core/delivery/attempt-record.js';
import type { AttemptRecord, DeliveryResult } from '../core/delivery/delivery-result.js';
import type { Outcome } from '../core/delivery/outcome.js';
import type { DeliverLeadInput } from '../shared/delivery-input.js';
import type { DeliveryStatus } from '../shared/delivery-status.js';
import { statusQuery } from '../shared/messages.js';
import { OUTCOME_KEY } from '../shared/search-attributes.js';

// The pure steps run as local activities: visible in history as markers, cheap in events.
const { renderLead, judgeAttempt } = proxyLocalActivities<LeadwireActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3 },
});

/**
 * Delivers one lead to one destination. Retries are the workflow's own loop over durable
 * timers, so every attempt is recorded and the waits survive worker restarts.
 */
export async function deliverLead(input: DeliverLeadInput): Promise<DeliveryResult> {
  // Temporal does not retry the send itself: a lost worker surfaces as a timed-out attempt,
  // which the loop below judges like any other failed attempt.
  const { sendLead } = proxyActivities<LeadwireActivities>({
    startToCloseTimeout: input.destination.timeout + 15_000,
    retry: { maximumAttempts: 1 },
  });

  const attempts: AttemptRecord[] = [];
  const status: DeliveryStatus = { deliveryId: input.deliveryId, state: 'rendering', attempts };
  setHandler(statusQuery, () => status);

  const finish = (outcome: Outcome, reason: string, extra: Partial<DeliveryResult> = {}): DeliveryResult => {
    const result: DeliveryResult = {
      deliveryId: input.deliveryId,
      destination: input.destination.name,
      leadId: input.leadId,
      outcome,
      reason,
      fields: {},
      attempts,
      ...extra,
      finishedAt: new Date().toISOString(),
    };
    status.state = 'done';
    status.result = result;
    upsertSearchAttributes([{ key: OUTCOME_KEY, value: outcome }]);
    return result;
  };

  try {
    const rendered = await renderLead({ destination: input.destination, lead: input.lead, deliveryId: input.deliveryId });
    if (rendered.outcome.kind === 'skip') return finish('skipped', rendered.outcome.reason);

    const maxAttempts = input.destination.retry.max_attempts;
    for (let attempt = 1; ; attempt++) {
      status.state = 'sending';
      const sent = await sendLead({ ...input, now: rendered.now, attempt });
      const { verdict, retryDelayMs } = await judgeAttempt({ destination: input.destination, result: sent, attempt });
      const response = sent.kind === 'response' ? sent.response : undefined;
      attempts.push(toAttemptRecord(attempt, sent, verdict));
      const extra: Partial<DeliveryResult> = {
        fields: verdict.fields,
        ...(response ? { response } : {}),
        ...(verdict.errorCode ? { errorCode: verdict.errorCode } : {}),
      };
      if (verdict.outcome === 'success') return finish('success', verdict.reason, extra);
      status.lastError = verdict.reason;
      if (!verdict.retryable) return finish(verdict.outcome, verdict.reason, extra);
      if (attempt >= maxAttempts) {
        return finish(verdict.outcome, `${verdict.reason}; gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}`, extra);
      }
      status.state = 'waiting-to-retry';
      status.nextAttemptAt = new Date(Date.now() + retryDelayMs).toISOString();
      await sleep(retryDelayMs);
      delete status.nextAttemptAt;
    }
  } catch (err) {
    if (isCancellation(err)) {
      return CancellationScope.nonCancellable(async () => finish('cancelled', 'Cancelled by an operator'));
    }
    const failure = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : undefined;
    if (failure) {
      return finish('error', failure.message, failure.type ? { errorCode: failure.type } : {});
    }
    throw err;
  }
}
