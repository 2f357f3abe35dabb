import { setCurrentDetails } from '@temporalio/workflow';
import type { DeliveryPlan } from '../contract/delivery-plan.js';
import { currentDetails, type Subject } from '../core/explain/current-details.js';
import type { LoopStatus } from '../shared/loop-status.js';
import type { AttemptLoop } from './attempt-loop-types.js';
import { AttemptRun } from './attempt-run.js';
import { OperatorInbox } from './operator-inbox.js';
import { handleOperatorUpdates } from './operator-updates.js';

export type { AttemptFn, AttemptLoop, LoopEnd, RetryLimits } from './attempt-loop-types.js';

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
