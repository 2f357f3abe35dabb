import type { DeliveryPlan } from '../contract/delivery-plan.js';
import type { OperatorAction } from '../core/delivery/delivery-result.js';
import type { DeliveryMoment } from '../core/explain/current-details.js';
import type { SendResult } from '../core/delivery/send-result.js';
import type { Verdict } from '../core/response/verdict.js';
import type { LoopStatus } from '../shared/loop-status.js';

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
