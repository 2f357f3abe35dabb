import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { DeliveryPlan } from '../contract/delivery-plan.js';
import { retryCorrection, upgrade } from '../contract/upgrade/upgrade.js';
import { CONTRACT_VERSION as v } from '../contract/version.js';
import type { GiveUpRequest, OperatorAnswer, RetryRequest } from '../contract/workflow-messages.js';
import { correctedDestinationIssues } from '../core/delivery/corrected-destination-issues.js';
import type { LoopStatus } from '../shared/loop-status.js';
import { giveUpUpdate, retryUpdate } from '../shared/operator-updates.js';
import { DELIVERY_ENDED, type GiveUpArgument } from '../shared/operator-commands.js';
import { configInvalid, validatedCorrection, validatesCorrectedDestination } from './corrected-destination-check.js';

export type OperatorCommand = { kind: 'retry'; request: RetryRequest } | { kind: 'give-up'; request: GiveUpRequest };

/**
 * The retry an operator asked for, as the loop takes it: at once, unless it carries a corrected
 * destination, which is validated in full and made a plan first (validatedCorrection), except in
 * a history recorded before that check existed, where it was taken at once and must be again.
 * Taken at once means in the handler's own turn, as it always was: a replay sees the same order.
 */
export function retryToTake(raw: unknown): { now: RetryRequest } | { checked: Promise<RetryRequest> } {
  const { correction, requestedBy } = retryCorrection(raw);
  if (correction === undefined || !validatesCorrectedDestination()) return { now: upgrade.retryRequest(raw) };
  return { checked: validatedCorrection(correction).then((plan) => ({ v, plan, ...(requestedBy !== undefined ? { requestedBy } : {}) })) };
}

/**
 * The `retry` and `giveUp` updates: the same commands as the signals of those names, but a
 * validator refuses what cannot be done before anything is written to history (an ended
 * delivery, a give-up without a reason, a corrected destination that is not one), and the
 * caller gets an answer saying what happens now. The validators run in the workflow sandbox,
 * so they check what can be checked deterministically; then the retry handler runs a corrected
 * destination through the full validation (a local activity) before taking it, whatever route
 * sent it, so a hand-sent one gets the same checks as `leadwire validate`.
 */
export function handleOperatorUpdates(status: LoopStatus, plan: () => DeliveryPlan, take: (command: OperatorCommand) => void): void {
  const updates = new OperatorUpdates(status, plan, take);
  setHandler(retryUpdate, (raw) => updates.retry(raw), {
    validator: (request) => updates.validateRetry(request),
    description:
      'Retry now: skips a retry wait or wakes a parked delivery. Optional `destination`: a corrected destination, as a file writes it, used from this attempt on, with a fresh retry budget. Refused when the delivery has ended or the destination is not valid (CONFIG_INVALID, by path, as `leadwire validate` says). Answers with what happens now.',
  });
  setHandler(giveUpUpdate, (request) => updates.giveUp(request), {
    validator: (request) => updates.validateGiveUp(request),
    description: 'Give up: a waiting or parked delivery ends now with its last failed outcome and this `reason` (required). Refused when the delivery has ended. Answers with what happens now.',
  });
}

/**
 * The operator updates' handlers and validators, one method each, over the delivery's live
 * status: they hand what they accept to the loop (`take`) and answer with what happens now.
 */
class OperatorUpdates {
  constructor(
    private readonly status: LoopStatus,
    private readonly plan: () => DeliveryPlan,
    private readonly take: (command: OperatorCommand) => void,
  ) {}

  /** The `retry` update: takes the retry at once, or once its corrected destination is checked. */
  retry(raw: unknown): OperatorAnswer | Promise<OperatorAnswer> {
    const taken = retryToTake(raw);
    if ('now' in taken) return this.answerRetry(taken.now);
    return taken.checked.then((request) => {
      // The delivery may have ended while the corrected destination was checked.
      this.refuseWhenEnded();
      return this.answerRetry(request);
    });
  }

  /** Refuses a retry of an ended delivery, or with a corrected destination that is not valid (by path). */
  validateRetry(request: unknown): void {
    this.refuseWhenEnded();
    const { correction } = retryCorrection(request);
    if (correction === undefined) return;
    const issues = correctedDestinationIssues(correction);
    if (issues.length > 0) throw configInvalid(issues);
  }

  /** The `giveUp` update: hands the give-up to the loop and says when the delivery ends. */
  giveUp(request: GiveUpArgument): OperatorAnswer {
    const { status } = this;
    this.take({ kind: 'give-up', request: upgrade.giveUpRequest(request) });
    const last = status.attempts.at(-1)?.outcome;
    const message =
      status.state === 'parked' || status.state === 'waiting-to-retry'
        ? `Given up: the delivery ends now${last ? ` as ${last}` : ''}, with this reason in its record.`
        : `Attempt ${status.attempts.length + 1} is under way; if it fails, the delivery ends then with this reason; if it succeeds, it stays a success.`;
    return this.answer('give-up', message);
  }

  /** Refuses a give-up of an ended delivery, or without a reason. */
  validateGiveUp(request: GiveUpArgument | undefined): void {
    this.refuseWhenEnded();
    if (typeof request?.reason !== 'string' || request.reason.trim() === '') {
      throw ApplicationFailure.create({ type: 'REASON_MISSING', message: 'reason: give a reason for giving up the delivery (it is kept in the record).', nonRetryable: true });
    }
  }

  /** Hands the retry to the loop and says which attempt starts, and when. */
  private answerRetry(request: RetryRequest): OperatorAnswer {
    const { status } = this;
    this.take({ kind: 'retry', request });
    const attempt = status.attempts.length + 1;
    const config = request.plan ? ' with the corrected destination' : '';
    const budget = `a fresh budget of ${(request.plan ?? this.plan()).retry.max_attempts} attempts`;
    const message =
      status.state === 'parked'
        ? `Retrying now: attempt ${attempt} starts${config}, with ${budget}.`
        : status.state === 'waiting-to-retry'
          ? `Retrying now: attempt ${attempt} starts${config} instead of at ${status.nextAttemptAt ?? 'its retry time'}${request.plan ? `, with ${budget}` : ''}.`
          : `Attempt ${attempt} is under way; if it fails, the next one starts at once${config}.`;
    return this.answer(request.plan ? 'retry-with-new-config' : 'retry', message);
  }

  /** Refuses any action once the delivery has ended. */
  private refuseWhenEnded(): void {
    if (this.status.state === 'done') {
      throw ApplicationFailure.create({ type: DELIVERY_ENDED, message: 'This delivery has already ended; there is nothing left to retry or give up.', nonRetryable: true });
    }
  }

  /** The answer an operator gets: the action, the delivery's state and attempts, and what happens now. */
  private answer(action: OperatorAnswer['action'], message: string): OperatorAnswer {
    return { action, state: this.status.state, attempts: this.status.attempts.length, message };
  }
}
