import { setCurrentDetails } from '@temporalio/workflow';
import type { DeliveryPlan } from '../contract/delivery-plan.js';
import type { OperatorAction } from '../core/delivery/delivery-result.js';
import { currentDetails, type DeliveryMoment, type Subject } from '../core/explain/current-details.js';
import type { SendResult } from '../core/delivery/send-result.js';
import type { Verdict } from '../core/response/verdict.js';
import type { LoopStatus } from '../shared/loop-status.js';
import { AttemptRun } from './attempt-run.js';
import { OperatorInbox } from './operator-inbox.js';
import { handleOperatorUpdates } from './operator-updates.js';

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
  const inbox = new OperatorInbox(status);
  inbox.installSignals();
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
    run(attemptFn, reconfigure, limits) {
      return new AttemptRun(loop, inbox, attemptFn, reconfigure, limits).run();
    },
  };
  // The same commands as updates, checked and answered; the signals above stay for existing scripts.
  handleOperatorUpdates(status, () => loop.plan, (taken) => inbox.take(taken));
  return loop;
}
