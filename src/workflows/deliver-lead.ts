import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { LeadwireActivities } from '../activities/create-activities.js';
import type { Destination } from '../config/destination-schema.js';
import { toAttemptRecord } from '../core/delivery/attempt-record.js';
import type { AttemptRecord, DeliveryResult, OperatorAction } from '../core/delivery/delivery-result.js';
import type { Outcome } from '../core/delivery/outcome.js';
import type { Verdict } from '../core/response/verdict.js';
import { reportDeliveryFinished } from '../metrics/report-delivery-finished.js';
import type { DeliverLeadInput } from '../shared/delivery-input.js';
import type { DeliveryStatus } from '../shared/delivery-status.js';
import { giveUpSignal, retrySignal, statusQuery } from '../shared/messages.js';
import { DEFAULT_PARK_WINDOW_MS } from '../shared/park-default.js';
import type { GiveUpRequest, RetryRequest } from '../shared/operator-commands.js';
import { ATTEMPTS_KEY, LAST_STATUS_KEY, OUTCOME_KEY } from '../shared/search-attributes.js';

// The pure steps run as local activities: visible in history as markers, cheap in events.
const { renderLead, judgeAttempt } = proxyLocalActivities<LeadwireActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3 },
});

type Command = { kind: 'retry'; request: RetryRequest } | { kind: 'give-up'; request: GiveUpRequest };

/**
 * Delivers one lead to one destination. Retries are the workflow's own loop over durable
 * timers, so every attempt is recorded and the waits survive worker restarts. When retries
 * run out (or an attempt ends in a non-retryable error) the delivery parks for `park.window`,
 * waiting for an operator to retry it (possibly with a corrected destination) or give it up.
 */
export async function deliverLead(input: DeliverLeadInput): Promise<DeliveryResult> {
  let destination: Destination = input.destination;
  // Temporal does not retry the send itself: a lost worker surfaces as a timed-out attempt,
  // which the loop below judges like any other failed attempt.
  const senderFor = (d: Destination) =>
    proxyActivities<LeadwireActivities>({ startToCloseTimeout: d.timeout + 15_000, retry: { maximumAttempts: 1 } }).sendLead;
  let sendLead = senderFor(destination);

  const attempts: AttemptRecord[] = [];
  const operatorActions: OperatorAction[] = [];
  const status: DeliveryStatus = { deliveryId: input.deliveryId, state: 'rendering', attempts, parked: false };
  let command: Command | undefined;
  setHandler(statusQuery, () => status);
  setHandler(retrySignal, (request) => {
    if (status.state !== 'done') command = { kind: 'retry', request: request ?? {} };
  });
  setHandler(giveUpSignal, (request) => {
    if (status.state !== 'done') command = { kind: 'give-up', request };
  });

  let extra: Partial<DeliveryResult> = {};
  const finish = (outcome: Outcome, reason: string): DeliveryResult => {
    const result: DeliveryResult = {
      deliveryId: input.deliveryId,
      destination: destination.name,
      leadId: input.leadId,
      outcome,
      reason,
      fields: {},
      attempts,
      ...extra,
      ...(operatorActions.length ? { operatorActions } : {}),
      finishedAt: new Date().toISOString(),
    };
    status.state = 'done';
    status.parked = false;
    delete status.nextAttemptAt;
    delete status.parkedUntil;
    status.result = result;
    // A sink call: no history event, skipped on replay.
    reportDeliveryFinished(result);
    // One upsert on the way out keeps the happy path's history short.
    upsertSearchAttributes([
      { key: OUTCOME_KEY, value: outcome },
      { key: ATTEMPTS_KEY, value: attempts.length },
      ...(result.response ? [{ key: LAST_STATUS_KEY, value: result.response.status }] : []),
    ]);
    return result;
  };

  /** Waits up to `ms` for an operator command; returns it (consumed), or undefined on timeout. */
  const awaitCommand = async (ms: number): Promise<Command | undefined> => {
    if (!command) await condition(() => command !== undefined, Math.max(1, ms));
    const taken = command;
    command = undefined;
    return taken;
  };

  try {
    let rendered = await renderLead({ destination, lead: input.lead, deliveryId: input.deliveryId });
    if (rendered.outcome.kind === 'skip') return finish('skipped', rendered.outcome.reason);

    let roundStart = 0;
    for (let attempt = 1; ; attempt++) {
      status.state = 'sending';
      const sent = await sendLead({ ...input, destination, now: rendered.now, attempt });
      const { verdict, retryDelayMs } = await judgeAttempt({ destination, result: sent, attempt: attempt - roundStart });
      attempts.push(toAttemptRecord(attempt, sent, verdict));
      extra = resultExtra(verdict, sent.kind === 'response' ? sent.response : undefined);
      if (verdict.outcome === 'success') return finish('success', verdict.reason);

      status.lastError = verdict.reason;
      if (verdict.errorCode) status.lastErrorCode = verdict.errorCode;
      upsertSearchAttributes([
        { key: ATTEMPTS_KEY, value: attempts.length },
        ...(sent.kind === 'response' ? [{ key: LAST_STATUS_KEY, value: sent.response.status }] : []),
      ]);

      const roundAttempts = attempt - roundStart;
      const exhausted = verdict.retryable && roundAttempts >= destination.retry.max_attempts;
      let next: Command | undefined;
      if (verdict.retryable && !exhausted) {
        status.state = 'waiting-to-retry';
        status.nextAttemptAt = new Date(Date.now() + retryDelayMs).toISOString();
        next = await awaitCommand(retryDelayMs);
        delete status.nextAttemptAt;
        if (!next) continue;
      } else {
        const finalReason = exhausted ? `${verdict.reason}; gave up after ${roundAttempts} attempt${roundAttempts === 1 ? '' : 's'}` : verdict.reason;
        // Deliveries started before `park` existed carry no such option: they park for the default week.
        const parkWindow = destination.park?.window ?? DEFAULT_PARK_WINDOW_MS;
        const parks = parkWindow > 0 && (exhausted || verdict.outcome === 'error');
        if (!parks) return finish(verdict.outcome, finalReason);
        status.state = 'parked';
        status.parked = true;
        status.parkedUntil = new Date(Date.now() + parkWindow).toISOString();
        upsertSearchAttributes([{ key: OUTCOME_KEY, value: 'parked' }]);
        next = await awaitCommand(parkWindow);
        status.parked = false;
        delete status.parkedUntil;
        if (!next) return finish(verdict.outcome, `${finalReason}; parked for ${parkWindow} ms and no operator acted`);
        upsertSearchAttributes([{ key: OUTCOME_KEY, value: next.kind === 'retry' ? 'retrying' : verdict.outcome }]);
      }

      const at = new Date().toISOString();
      const by = next.request.requestedBy ? { requestedBy: next.request.requestedBy } : {};
      if (next.kind === 'give-up') {
        const reason = next.request.reason || 'no reason given';
        operatorActions.push({ at, action: 'give-up', reason, ...by });
        return finish(verdict.outcome, `Given up by an operator: ${reason} (last attempt: ${verdict.reason})`);
      }
      operatorActions.push({ at, action: next.request.destination ? 'retry-with-new-config' : 'retry', ...by });
      if (next.request.destination) {
        destination = next.request.destination;
        sendLead = senderFor(destination);
        rendered = await renderLead({ destination, lead: input.lead, deliveryId: input.deliveryId });
        if (rendered.outcome.kind === 'skip') return finish('skipped', rendered.outcome.reason);
      }
      // An operator's retry starts a fresh round: the (new) retry budget applies again.
      if (!verdict.retryable || exhausted || next.request.destination) roundStart = attempt;
    }
  } catch (err) {
    if (isCancellation(err)) {
      return CancellationScope.nonCancellable(async () => finish('cancelled', 'Cancelled by an operator'));
    }
    const failure = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : undefined;
    if (failure) {
      extra = { ...extra, ...(failure.type ? { errorCode: failure.type } : {}) };
      return finish('error', failure.message);
    }
    throw err;
  }
}

/** The parts of the result record that come from the latest attempt. */
function resultExtra(verdict: Verdict, response: DeliveryResult['response']): Partial<DeliveryResult> {
  return {
    fields: verdict.fields,
    ...(response ? { response } : {}),
    ...(verdict.errorCode ? { errorCode: verdict.errorCode } : {}),
    ...(verdict.price !== undefined ? { price: verdict.price } : {}),
    ...(verdict.reference !== undefined ? { reference: verdict.reference } : {}),
  };
}
