import type { BatchEntry, RenderedBatch } from './batch-records.js';
import type { CapsPlan } from './flow-plan.js';
import type { ConfigIssue } from './config-issue.js';
import type { BatchJudgePlan, BatchSendPlan, DeliveryPlan, JudgePlan, SendPlan, SkipPlan } from './delivery-plan.js';
import type { Lead } from './lead.js';
import type { RenderOutcome } from './rendered-request.js';
import type { SendResult } from './send-result.js';
import type { Verdict } from './verdict.js';
import type { ContractVersion } from './version.js';

// Local activities (renderLead, judgeAttempt, deliverFirstAttempt, renderBatch, judgeBatch,
// buyerEligibility, validateCorrectedDestination) have their results recorded, not their
// inputs: their inputs are always today's. Regular activities (sendLead, sendBatch and the cap
// activities) have their inputs recorded too, and a task scheduled by an earlier release may
// run on a newer worker: those inputs are upgraded like workflow inputs.

/** renderLead (local): the render step. */
export interface RenderInput {
  v: ContractVersion;
  plan: SendPlan;
  lead: Lead;
  deliveryId: string;
}

/** The render step's record: what would be sent, secrets masked, and when it was decided. Unchanged since version 1. */
export interface RenderResult {
  /** ISO 8601 time from the activity's clock; later steps render with the same time. */
  now: string;
  outcome: RenderOutcome;
}

/** sendLead (activity): renders the request for real and sends it. Result: SendResult. */
export interface SendInput {
  v: ContractVersion;
  plan: SendPlan;
  lead: Lead;
  deliveryId: string;
  /** The render's time: the request sent is the one recorded. */
  now: string;
  attempt: number;
}

/** judgeAttempt (local): judges one attempt and says how long to wait before the next. */
export interface JudgeInput {
  v: ContractVersion;
  plan: JudgePlan;
  result: SendResult;
  /** The attempt just made, counted within the current round of retries (1 for the first). */
  attempt: number;
}

/** Unchanged since version 1. */
export interface JudgeResult {
  verdict: Verdict;
  /**
   * Wait before the next attempt, in milliseconds, when the verdict is retryable: the
   * configured delay (jitter applied in the activity, so the workflow stays deterministic), at
   * least as long as a `Retry-After` asked, clamped to `retry.max_retry_after`.
   */
  retryDelayMs: number;
}

/** deliverFirstAttempt (local): render, send and judge in the workflow's first task. */
export interface FirstAttemptInput {
  v: ContractVersion;
  plan: DeliveryPlan;
  lead: Lead;
  deliveryId: string;
  /**
   * Set when an earlier try of the first workflow task never completed: its first attempt may
   * have been sent, so this one is recorded as WORKER_LOST (from the workflow's start to now)
   * instead of being sent, and the delivery's next attempt sends again with the same key.
   */
  earlierTryLost?: { workflowStartedAt: string };
}

/** The first attempt: the render's record and, unless the lead is skipped, what was sent and its verdict. Unchanged since version 1. */
export type FirstAttemptResult = RenderResult & ({ sent?: undefined } | ({ sent: SendResult } & JudgeResult));

/** renderBatch (local). */
export interface RenderBatchInput {
  v: ContractVersion;
  plan: BatchSendPlan;
  batchId: string;
  entries: BatchEntry[];
}

/** The batch render's record (secrets masked): its requests, and the leads left out of them. Unchanged since version 1. */
export interface RenderBatchResult extends RenderedBatch {
  /** ISO 8601 activity time; the sending activity renders with the same time. */
  now: string;
}

/** sendBatch (activity): one request of a batch. Result: SendResult. */
export interface SendBatchInput {
  v: ContractVersion;
  plan: BatchSendPlan;
  /** The chunk's id: the request's Idempotency-Key. */
  chunkId: string;
  entries: BatchEntry[];
  now: string;
}

/** judgeBatch (local). */
export interface JudgeBatchInput {
  v: ContractVersion;
  plan: BatchJudgePlan;
  result: SendResult;
  attempt: number;
  entries: Pick<BatchEntry, 'deliveryId' | 'leadId'>[];
}

/** Unchanged since version 1. */
export interface JudgeBatchResult extends JudgeResult {
  /** Each lead's verdict, in the order of `entries`. */
  leads: Verdict[];
}

/** buyerEligibility (local): every buyer's skip rules, judged on the lead before a flow offers it. */
export interface BuyerEligibilityInput {
  v: ContractVersion;
  lead: Lead;
  /** Each buyer's request whose skip rules decide (its ping for ping_post, else its post), and the delivery id it would get. */
  buyers: { buyer: string; plan: SkipPlan; deliveryId: string }[];
}

/** Per buyer, in the input's order: null when eligible, else why it is left out. Unchanged since version 1. */
export interface BuyerEligibility {
  /** ISO 8601 time the rules were judged at, from this activity's clock. */
  now: string;
  skipped: (string | null)[];
}

/** capHasRoom (activity): whether the buyer has room now, without reserving. Result: CapDecision. */
export interface CapCheck {
  v: ContractVersion;
  buyer: string;
  caps: CapsPlan;
}

/** reserveCap, confirmCap, releaseCap (activities). Results: CapDecision, boolean, boolean. */
export interface CapCall extends CapCheck {
  /** The post's delivery id: reserving, confirming or releasing twice is once. */
  reservationId: string;
}

/** validateCorrectedDestination (local): the full validation of a corrected destination, at the edge of the workflow. */
export interface ValidateCorrectionInput {
  v: ContractVersion;
  /** A plan, or a destination as a file writes it: either is checked with the destination schema. */
  destination: unknown;
}

/** The plan a valid corrected destination becomes (or that it is one already), or its problems by path. Version 1 recorded the problems alone (a list). */
export type ValidatedCorrection =
  | { v: ContractVersion; plan: DeliveryPlan }
  /** Valid, and already the plan it makes (what the client and CLI send): taken as it came, so the plan is recorded once, in the update or signal. */
  | { v: ContractVersion; asSent: true }
  | { v: ContractVersion; issues: ConfigIssue[] };
