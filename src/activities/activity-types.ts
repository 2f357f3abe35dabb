import type { Destination } from '../config/destination-schema.js';
import type { SendResult } from '../core/delivery/send-result.js';
import type { Lead } from '../core/lead/lead.js';
import type { RenderOutcome } from '../core/render/rendered-request.js';
import type { Verdict } from '../core/response/verdict.js';

export interface RenderInput {
  destination: Destination;
  lead: Lead;
  deliveryId: string;
}

/** The render step's record: what would be sent, secrets masked, and when it was decided. */
export interface RenderResult {
  /** ISO 8601 time from the activity's clock; later steps render with the same time. */
  now: string;
  outcome: RenderOutcome;
}

export interface SendInput {
  destination: Destination;
  lead: Lead;
  deliveryId: string;
  now: string;
  attempt: number;
}

export interface JudgeInput {
  destination: Destination;
  result: SendResult;
  /** The attempt just made, counted within the current round of retries (1 for the first). */
  attempt: number;
}

export interface JudgeResult {
  verdict: Verdict;
  /**
   * Wait before the next attempt, in milliseconds, when the verdict is retryable: the
   * configured delay (jitter applied here, so the workflow stays deterministic), at least
   * as long as a `Retry-After` asked, clamped to `retry.max_retry_after`.
   */
  retryDelayMs: number;
}

/** The first attempt's input: everything else (the time, the attempt number) the activity decides. */
export interface FirstAttemptInput {
  destination: Destination;
  lead: Lead;
  deliveryId: string;
  /**
   * Set when an earlier try of the first workflow task never completed: its first attempt may
   * have been sent, so this one is recorded as WORKER_LOST (from the workflow's start to now)
   * instead of being sent, and the delivery's next attempt sends again with the same key.
   */
  earlierTryLost?: { workflowStartedAt: string };
}

/** The first attempt: the render's record and, unless the lead is skipped, what was sent and its verdict. */
export type FirstAttemptResult = RenderResult & ({ sent?: undefined } | ({ sent: SendResult } & JudgeResult));
