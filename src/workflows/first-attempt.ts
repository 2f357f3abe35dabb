import type { DeliveryPlan } from '../contract/delivery-plan.js';

/**
 * Longest request timeout, in milliseconds, for which the first attempt runs inside the
 * first workflow task (a local activity): the default workflow task timeout, so a worker lost
 * mid-attempt is noticed as quickly as a lost send activity would be.
 */
const FIRST_ATTEMPT_IN_TASK_MAX_TIMEOUT_MS = 10_000;

/**
 * Whether a destination's first attempt runs in the workflow's first task: the common case,
 * a short timeout and not `at_most_once`. An `at_most_once` destination sends only from an
 * activity, whose loss is always seen as its own attempt; a long timeout would hold the task.
 */
export function firstAttemptInTask(plan: Pick<DeliveryPlan, 'at_most_once' | 'timeout'>): boolean {
  return !plan.at_most_once && plan.timeout <= FIRST_ATTEMPT_IN_TASK_MAX_TIMEOUT_MS;
}

/**
 * Events a workflow's history holds when its first workflow task starts for the first time:
 * WorkflowExecutionStarted, WorkflowTaskScheduled, WorkflowTaskStarted. More means an earlier
 * try of that task did not complete, and a first attempt made in it may have been sent.
 */
export const FIRST_TASK_HISTORY_LENGTH = 3;
