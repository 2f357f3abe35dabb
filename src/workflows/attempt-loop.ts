import { condition, isCancellation, log, setCurrentDetails, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { DeliveryPlan } from '../contract/delivery-plan.js';
import { upgrade } from '../contract/upgrade/upgrade.js';
import { toAttemptRecord } from '../core/delivery/attempt-record.js';
import type { OperatorAction } from '../core/delivery/delivery-result.js';
import { currentDetails, type DeliveryMoment, type LastAttempt, type Subject } from '../core/explain/current-details.js';
import { parkTimerSummary, retryTimerSummary, targetOf } from '../core/explain/step-summaries.js';
import type { SendResult } from '../core/delivery/send-result.js';
import { AT_MOST_ONCE_CODE } from '../core/response/at-most-once.js';
import type { Verdict } from '../core/response/verdict.js';
import type { LoopStatus } from '../shared/loop-status.js';
import { giveUpSignal, handlerDescriptions, retrySignal } from '../shared/messages.js';
import { ATTEMPTS_KEY, LAST_STATUS_KEY, OUTCOME_KEY } from '../shared/search-attributes.js';
import { handleOperatorUpdates, retryToTake, type OperatorCommand as Command } from './operator-updates.js';

/** One attempt: send, then judge. */
export type AttemptFn = (plan: DeliveryPlan, attempt: number, roundAttempt: number) => Promise<{ sent: SendResult; verdict: Verdict; retryDelayMs: number }>;

export interface AttemptLoop {
  status: LoopStatus;
  operatorActions: OperatorAction[];
  /** The plan in force (an operator may have corrected the destination). */
  plan: DeliveryPlan;
  /** The latest attempt, for the record. */
  last?: { sent: SendResult; verdict: Verdict };
  /**
   * Runs attempts until success, a final failure, or an operator's decision. `reconfigure`
   * runs after an operator retries with a corrected destination; returning a string skips
   * the delivery with that reason.
   */
  run(attempt: AttemptFn, reconfigure: (plan: DeliveryPlan) => Promise<string | undefined>, limits?: RetryLimits): Promise<LoopEnd>;
  /** Marks the loop done (no more operator commands accepted). */
  close(): void;
  /** Keeps the Web UI's "Current details" in words for this moment of the delivery. */
  explain(moment: DeliveryMoment): void;
}

/** A bound on retries besides `max_attempts`: a ping's bid window (src/core/flows/ping-window.ts). */
export interface RetryLimits {
  /** Whether a retry after `delayMs` may still be made; when not, the failure is final, with `why`. */
  mayRetry(delayMs: number): boolean;
  why: string;
}

export type LoopEnd = { kind: 'finished'; outcome: Verdict['outcome']; reason: string } | { kind: 'skipped'; reason: string };

/**
 * The retry and park loop shared by single and batch deliveries. Waiting is a durable timer
 * (`condition` with a timeout), so retries survive worker restarts; when retries run out, or
 * an attempt ends in an error that is not retried, the delivery parks for `park.window`
 * waiting for an operator's `retry` (optionally with a corrected destination) or `giveUp`.
 * Must be created at the start of the workflow: it installs the operator signal handlers.
 * At every step it keeps the workflow's current details (the Web UI's "Current details") in
 * plain words, and its timers carry summaries (see src/core/explain).
 */
export function createAttemptLoop(initial: DeliveryPlan, status: LoopStatus, subject: Omit<Subject, 'destination'>): AttemptLoop {
  let command: Command | undefined;
  setHandler(
    retrySignal,
    (raw) => {
      if (status.state === 'done') return undefined;
      const taken = retryToTake(raw);
      if ('now' in taken) {
        command = { kind: 'retry', request: taken.now };
        return undefined;
      }
      // A signal has no answer: an invalid corrected destination is logged and not taken, the delivery stays as it was.
      return taken.checked.then(
        (request) => {
          if (status.state !== 'done') command = { kind: 'retry', request };
        },
        (err: unknown) => {
          if (!isCancellation(err)) log.warn('retry signal refused: its corrected destination is not valid; nothing was taken', { error: (err as Error).message });
        },
      );
    },
    { description: handlerDescriptions.retry },
  );
  setHandler(
    giveUpSignal,
    (request) => {
      if (status.state !== 'done') command = { kind: 'give-up', request: upgrade.giveUpRequest(request) };
    },
    { description: handlerDescriptions.giveUp },
  );
  /** Waits for an operator's command, at most `ms`; the timer carries `summary` for the Web UI. */
  const awaitCommand = async (ms: number, summary: string): Promise<Command | undefined> => {
    if (!command) await condition(() => command !== undefined, Math.max(1, ms), { summary });
    const taken = command;
    command = undefined;
    return taken;
  };

  const loop: AttemptLoop = {
    status,
    operatorActions: [],
    plan: initial,
    explain(moment) {
      setCurrentDetails(currentDetails({ ...subject, destination: loop.plan.name }, moment));
    },
    close() {
      status.state = 'done';
      status.parked = false;
      delete status.nextAttemptAt;
      delete status.parkedUntil;
    },
    async run(attemptFn, reconfigure, limits) {
      let roundStart = 0;
      for (let attempt = 1; ; attempt++) {
        status.state = 'sending';
        const destination = loop.plan;
        loop.explain({ state: 'sending', attempt: attempt - roundStart, maxAttempts: destination.retry.max_attempts, target: targetOf(destination) });
        const { sent, verdict, retryDelayMs } = await attemptFn(destination, attempt, attempt - roundStart);
        status.attempts.push(toAttemptRecord(attempt, sent, verdict));
        loop.last = { sent, verdict };
        if (verdict.outcome === 'success') return { kind: 'finished', outcome: 'success', reason: verdict.reason };

        status.lastError = verdict.reason;
        if (verdict.errorCode) status.lastErrorCode = verdict.errorCode;
        const roundAttempts = attempt - roundStart;
        // Out of time (a ping's window) ends the retries like running out of attempts, with its own reason.
        const outOfTime = verdict.retryable && roundAttempts < destination.retry.max_attempts && limits !== undefined && !limits.mayRetry(retryDelayMs);
        const exhausted = verdict.retryable && (roundAttempts >= destination.retry.max_attempts || outOfTime);
        upsertSearchAttributes([
          { key: ATTEMPTS_KEY, value: status.attempts.length },
          ...(sent.kind === 'response' ? [{ key: LAST_STATUS_KEY, value: sent.response.status }] : []),
          // The list shows a delivery waiting for its next attempt as retrying, in the same upsert (no extra event).
          ...(verdict.retryable && !exhausted ? [{ key: OUTCOME_KEY, value: 'retrying' }] : []),
        ]);
        let next: Command | undefined;
        if (verdict.retryable && !exhausted) {
          status.state = 'waiting-to-retry';
          status.nextAttemptAt = new Date(Date.now() + retryDelayMs).toISOString();
          const nextAttempt = roundAttempts + 1;
          loop.explain({ state: 'waiting-to-retry', nextAttempt, maxAttempts: destination.retry.max_attempts, delayMs: retryDelayMs, at: status.nextAttemptAt, last: lastAttemptOf(sent, verdict) });
          next = await awaitCommand(retryDelayMs, retryTimerSummary(nextAttempt, destination.retry.max_attempts, retryDelayMs));
          delete status.nextAttemptAt;
          if (!next) continue;
        } else {
          const gaveUp = `gave up after ${roundAttempts} attempt${roundAttempts === 1 ? '' : 's'}`;
          const finalReason = exhausted ? `${verdict.reason}; ${outOfTime ? `${limits!.why}: ${gaveUp}` : gaveUp}` : verdict.reason;
          const parkWindow = destination.park.window;
          // An at-most-once stop always waits for an operator: ending would hide a lead the buyer may have.
          const parks = parkWindow > 0 && (exhausted || verdict.outcome === 'error' || verdict.errorCode === AT_MOST_ONCE_CODE);
          if (!parks) return { kind: 'finished', outcome: verdict.outcome, reason: finalReason };
          status.state = 'parked';
          status.parked = true;
          status.parkedUntil = new Date(Date.now() + parkWindow).toISOString();
          upsertSearchAttributes([{ key: OUTCOME_KEY, value: 'parked' }]);
          loop.explain({ state: 'parked', since: new Date().toISOString(), until: status.parkedUntil, attempts: roundAttempts, last: lastAttemptOf(sent, verdict), exhausted });
          next = await awaitCommand(parkWindow, parkTimerSummary(status.parkedUntil));
          status.parked = false;
          delete status.parkedUntil;
          if (!next) return { kind: 'finished', outcome: verdict.outcome, reason: `${finalReason}; parked for ${parkWindow} ms and no operator acted` };
          upsertSearchAttributes([{ key: OUTCOME_KEY, value: next.kind === 'retry' ? 'retrying' : verdict.outcome }]);
        }

        const at = new Date().toISOString();
        const by = next.request.requestedBy ? { requestedBy: next.request.requestedBy } : {};
        if (next.kind === 'give-up') {
          const reason = next.request.reason || 'no reason given';
          loop.operatorActions.push({ at, action: 'give-up', reason, ...by });
          return { kind: 'finished', outcome: verdict.outcome, reason: `Given up by an operator: ${reason} (last attempt: ${verdict.reason})` };
        }
        loop.operatorActions.push({ at, action: next.request.plan ? 'retry-with-new-config' : 'retry', ...by });
        if (next.request.plan) {
          loop.plan = next.request.plan;
          const skip = await reconfigure(loop.plan);
          if (skip !== undefined) return { kind: 'skipped', reason: skip };
        }
        // An operator's retry starts a fresh round: the (new) retry budget applies again.
        if (!verdict.retryable || exhausted || next.request.plan) roundStart = attempt;
      }
    },
  };
  // The same commands as updates, checked and answered; the signals above stay for existing scripts.
  handleOperatorUpdates(status, () => loop.plan, (taken) => {
    command = taken;
  });
  return loop;
}

/** The failed attempt as the Web UI's words quote it (status, code, the judge's redacted reason). */
function lastAttemptOf(sent: SendResult, verdict: Verdict): LastAttempt {
  return {
    ...(sent.kind === 'response' ? { status: sent.response.status } : {}),
    ...(verdict.errorCode ? { errorCode: verdict.errorCode } : {}),
    reason: verdict.reason,
  };
}
