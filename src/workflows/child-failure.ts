import type { ErrorCode } from '../core/errors/error-codes.js';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ApplicationFailure, ChildWorkflowFailure, isCancellation, TemporalFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/workflow';
import type { Outcome } from '../core/delivery/outcome.js';

/** What became of a ping or post child that gave no result record. */
interface ChildFailure {
  outcome: Outcome;
  reason: string;
  /** `CHILD_NOT_STARTED`, `CHILD_CANCELLED` or `CHILD_FAILED`. */
  errorCode: ErrorCode;
}

/**
 * A ping's or post's child workflow ended without a result: says in words what happened, for
 * the buyer's record. `step` is `ping` or `post`; `deliveryId` is the child's id.
 */
export function describeChildFailure(err: unknown, step: 'ping' | 'post', deliveryId: string): ChildFailure {
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return {
      outcome: 'error',
      errorCode: 'CHILD_NOT_STARTED',
      reason: `the ${step} could not start: its workflow id ${deliveryId} is already taken by another workflow, so nothing was sent to this buyer`,
    };
  }
  if (isCancellation(err)) return { outcome: 'cancelled', errorCode: 'CHILD_CANCELLED', reason: `the ${step} was cancelled before it answered` };
  const cause = err instanceof ChildWorkflowFailure ? err.cause : err;
  return { outcome: 'error', errorCode: 'CHILD_FAILED', reason: `the ${step}'s workflow ${deliveryId} failed: ${causeInWords(cause)}` };
}

function causeInWords(cause: unknown): string {
  if (cause instanceof TerminatedFailure) return 'it was terminated';
  if (cause instanceof TimeoutFailure) return `it timed out (${cause.timeoutType})`;
  if (cause instanceof ApplicationFailure) return `${cause.message}${cause.type ? ` (${cause.type})` : ''}`;
  if (cause instanceof TemporalFailure || cause instanceof Error) return cause.message;
  return String(cause);
}
