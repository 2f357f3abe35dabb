import { upsertSearchAttributes } from '@temporalio/workflow';
import type { DeliveryPlan } from '../contract/delivery-plan.js';
import { toAttemptRecord } from '../core/delivery/attempt-record.js';
import type { LastAttempt } from '../core/explain/current-details.js';
import { parkTimerSummary, retryTimerSummary, targetOf } from '../core/explain/step-summaries.js';
import type { SendResult } from '../core/delivery/send-result.js';
import { AT_MOST_ONCE_CODE } from '../core/response/at-most-once.js';
import type { Verdict } from '../core/response/verdict.js';
import { ATTEMPTS_KEY, LAST_STATUS_KEY, OUTCOME_KEY } from '../shared/search-attributes.js';
import type { AttemptFn, AttemptLoop, LoopEnd, RetryLimits } from './attempt-loop-types.js';
import type { OperatorInbox } from './operator-inbox.js';
import type { OperatorCommand as Command } from './operator-updates.js';

/** One attempt as sent and judged, with what the loop decided from it. */
interface Judged {
  destination: DeliveryPlan;
  sent: SendResult;
  verdict: Verdict;
  retryDelayMs: number;
  /** Attempts in this round (an operator's retry starts a new round). */
  roundAttempts: number;
  /** A ping's window closes before the next retry could start. */
  outOfTime: boolean;
  /** A retryable failure with no retry left (attempts or time). */
  exhausted: boolean;
}

/** What parking ended with: the delivery's end, or the operator's command. */
type ParkEnd = { end: LoopEnd } | { next: Command };

/**
 * One run of the attempt loop (see `createAttemptLoop`): attempt, judge, then wait to retry,
 * or park for an operator, act on the operator's command, and finish. One method per step.
 */
export class AttemptRun {
  /** The attempt before the current round's first (an operator's retry starts a new round). */
  private roundStart = 0;

  constructor(
    private readonly loop: AttemptLoop,
    private readonly inbox: OperatorInbox,
    private readonly attemptFn: AttemptFn,
    private readonly reconfigure: (plan: DeliveryPlan) => Promise<string | undefined>,
    private readonly limits: RetryLimits | undefined,
  ) {}

  /** Runs attempts until success, a final failure, or an operator's decision. */
  async run(): Promise<LoopEnd> {
    for (let attempt = 1; ; attempt++) {
      const judged = this.judge(attempt, await this.attempt(attempt));
      if (judged.verdict.outcome === 'success') return { kind: 'finished', outcome: 'success', reason: judged.verdict.reason };
      let next: Command | undefined;
      if (judged.verdict.retryable && !judged.exhausted) {
        next = await this.waitToRetry(judged);
        if (!next) continue;
      } else {
        const parked = await this.park(judged);
        if ('end' in parked) return parked.end;
        next = parked.next;
      }
      const end = await this.operatorAction(next, attempt, judged);
      if (end) return end;
    }
  }

  /** Sends attempt number `attempt` to the plan in force and records it. */
  private async attempt(attempt: number): Promise<Pick<Judged, 'destination' | 'sent' | 'verdict' | 'retryDelayMs'>> {
    const status = this.loop.status;
    status.state = 'sending';
    const destination = this.loop.plan;
    this.loop.explain({ state: 'sending', attempt: attempt - this.roundStart, maxAttempts: destination.retry.max_attempts, target: targetOf(destination) });
    const { sent, verdict, retryDelayMs } = await this.attemptFn(destination, attempt, attempt - this.roundStart);
    status.attempts.push(toAttemptRecord(attempt, sent, verdict));
    this.loop.last = { sent, verdict };
    return { destination, sent, verdict, retryDelayMs };
  }

  /** Decides whether a failed attempt may be retried, and shows it in the search attributes. A success passes as it is. */
  private judge(attempt: number, tried: Pick<Judged, 'destination' | 'sent' | 'verdict' | 'retryDelayMs'>): Judged {
    const { destination, sent, verdict, retryDelayMs } = tried;
    const roundAttempts = attempt - this.roundStart;
    if (verdict.outcome === 'success') return { ...tried, roundAttempts, outOfTime: false, exhausted: false };
    const status = this.loop.status;
    status.lastError = verdict.reason;
    if (verdict.errorCode) status.lastErrorCode = verdict.errorCode;
    // Out of time (a ping's window) ends the retries like running out of attempts, with its own reason.
    const outOfTime = verdict.retryable && roundAttempts < destination.retry.max_attempts && this.limits !== undefined && !this.limits.mayRetry(retryDelayMs);
    const exhausted = verdict.retryable && (roundAttempts >= destination.retry.max_attempts || outOfTime);
    upsertSearchAttributes([
      { key: ATTEMPTS_KEY, value: status.attempts.length },
      ...(sent.kind === 'response' ? [{ key: LAST_STATUS_KEY, value: sent.response.status }] : []),
      // The list shows a delivery waiting for its next attempt as retrying, in the same upsert (no extra event).
      ...(verdict.retryable && !exhausted ? [{ key: OUTCOME_KEY, value: 'retrying' }] : []),
    ]);
    return { ...tried, roundAttempts, outOfTime, exhausted };
  }

  /** Waits the retry delay (a durable timer); an operator's command ends the wait early. */
  private async waitToRetry(j: Judged): Promise<Command | undefined> {
    const status = this.loop.status;
    const maxAttempts = j.destination.retry.max_attempts;
    status.state = 'waiting-to-retry';
    status.nextAttemptAt = new Date(Date.now() + j.retryDelayMs).toISOString();
    const nextAttempt = j.roundAttempts + 1;
    this.loop.explain({ state: 'waiting-to-retry', nextAttempt, maxAttempts, delayMs: j.retryDelayMs, at: status.nextAttemptAt, last: lastAttemptOf(j.sent, j.verdict) });
    const next = await this.inbox.awaitCommand(j.retryDelayMs, retryTimerSummary(nextAttempt, maxAttempts, j.retryDelayMs));
    delete status.nextAttemptAt;
    return next;
  }

  /** Ends a final failure, or parks it for `park.window` waiting for an operator's command. */
  private async park(j: Judged): Promise<ParkEnd> {
    const { verdict, exhausted, roundAttempts } = j;
    const gaveUp = `gave up after ${roundAttempts} attempt${roundAttempts === 1 ? '' : 's'}`;
    const finalReason = exhausted ? `${verdict.reason}; ${j.outOfTime ? `${this.limits!.why}: ${gaveUp}` : gaveUp}` : verdict.reason;
    const parkWindow = j.destination.park.window;
    // An at-most-once stop always waits for an operator: ending would hide a lead the buyer may have.
    const parks = parkWindow > 0 && (exhausted || verdict.outcome === 'error' || verdict.errorCode === AT_MOST_ONCE_CODE);
    if (!parks) return { end: { kind: 'finished', outcome: verdict.outcome, reason: finalReason } };
    const status = this.loop.status;
    status.state = 'parked';
    status.parked = true;
    status.parkedUntil = new Date(Date.now() + parkWindow).toISOString();
    upsertSearchAttributes([{ key: OUTCOME_KEY, value: 'parked' }]);
    this.loop.explain({ state: 'parked', since: new Date().toISOString(), until: status.parkedUntil, attempts: roundAttempts, last: lastAttemptOf(j.sent, verdict), exhausted });
    const next = await this.inbox.awaitCommand(parkWindow, parkTimerSummary(status.parkedUntil));
    status.parked = false;
    delete status.parkedUntil;
    if (!next) return { end: { kind: 'finished', outcome: verdict.outcome, reason: `${finalReason}; parked for ${parkWindow} ms and no operator acted` } };
    upsertSearchAttributes([{ key: OUTCOME_KEY, value: next.kind === 'retry' ? 'retrying' : verdict.outcome }]);
    return { next };
  }

  /** Acts on an operator's command: gives up (the end), or retries, perhaps with a corrected destination. */
  private async operatorAction(next: Command, attempt: number, j: Judged): Promise<LoopEnd | undefined> {
    const { verdict } = j;
    const at = new Date().toISOString();
    const by = next.request.requestedBy ? { requestedBy: next.request.requestedBy } : {};
    if (next.kind === 'give-up') {
      const reason = next.request.reason || 'no reason given';
      this.loop.operatorActions.push({ at, action: 'give-up', reason, ...by });
      return { kind: 'finished', outcome: verdict.outcome, reason: `Given up by an operator: ${reason} (last attempt: ${verdict.reason})` };
    }
    this.loop.operatorActions.push({ at, action: next.request.plan ? 'retry-with-new-config' : 'retry', ...by });
    if (next.request.plan) {
      this.loop.plan = next.request.plan;
      const skip = await this.reconfigure(this.loop.plan);
      if (skip !== undefined) return { kind: 'skipped', reason: skip };
    }
    // An operator's retry starts a fresh round: the (new) retry budget applies again.
    if (!verdict.retryable || j.exhausted || next.request.plan) this.roundStart = attempt;
    return undefined;
  }
}

/** The failed attempt as the Web UI's words quote it (status, code, the judge's redacted reason). */
function lastAttemptOf(sent: SendResult, verdict: Verdict): LastAttempt {
  return {
    ...(sent.kind === 'response' ? { status: sent.response.status } : {}),
    ...(verdict.errorCode ? { errorCode: verdict.errorCode } : {}),
    reason: verdict.reason,
  };
}
