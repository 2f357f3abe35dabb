import type { temporal } from '@temporalio/proto';
import { isCompletedLocalActivity } from '../src/temporal/local-activity-marker.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Which worker processes ran one delivery, as its history records them (worker identities). */
export interface DeliveryAttribution {
  /**
   * The worker that ran the send whose result the delivery kept: the last `sendLead` that
   * completed, or the first attempt made in a workflow task (else the last send started).
   */
  sendIdentity?: string;
  /** Every worker that completed one of its workflow tasks, in order, repeats removed. */
  workflowTaskIdentities: string[];
  /** The worker that completed its last workflow task (the one that closed the workflow). */
  lastWorkflowTaskIdentity?: string;
}

const SEND_ACTIVITY = 'sendLead';
/** The first attempt, when it runs as a local activity in the first workflow task. */
const FIRST_ATTEMPT_ACTIVITY = 'deliverFirstAttempt';
const idOf = (value: unknown) => (value === null || value === undefined ? undefined : String(value));

/**
 * Reads a `deliverLead` history: the identity on the `ActivityTaskStarted` event of its send
 * (Temporal writes the polling worker's identity there; an eagerly dispatched activity is
 * started by the worker that scheduled it) and on each `WorkflowTaskCompleted` event. A first
 * attempt made in a workflow task is a local activity's marker: it belongs to the worker that
 * completed that task.
 */
export function attributeDelivery(events: readonly HistoryEvent[]): DeliveryAttribution {
  const sendScheduled = new Set<string>();
  const startedBy = new Map<string, string>();
  let lastStarted: string | undefined;
  let lastCompleted: string | undefined;
  const workflowTaskIdentities: string[] = [];
  const taskCompletedBy = new Map<string, string>();
  for (const event of events) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled && scheduled.activityType?.name === SEND_ACTIVITY) sendScheduled.add(idOf(event.eventId)!);
    const started = event.activityTaskStartedEventAttributes;
    if (started && sendScheduled.has(idOf(started.scheduledEventId)!) && started.identity) {
      startedBy.set(idOf(started.scheduledEventId)!, started.identity);
      lastStarted = started.identity;
    }
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) {
      const by = startedBy.get(idOf(completed.scheduledEventId)!);
      if (by) lastCompleted = by;
    }
    const task = event.workflowTaskCompletedEventAttributes;
    if (task?.identity) taskCompletedBy.set(idOf(event.eventId)!, task.identity);
    if (task?.identity && workflowTaskIdentities.at(-1) !== task.identity) workflowTaskIdentities.push(task.identity);
    const marker = event.markerRecordedEventAttributes;
    if (marker && isCompletedLocalActivity(marker, FIRST_ATTEMPT_ACTIVITY)) {
      const by = taskCompletedBy.get(idOf(marker.workflowTaskCompletedEventId)!);
      if (by) lastStarted = lastCompleted = by;
    }
  }
  const sendIdentity = lastCompleted ?? lastStarted;
  const lastWorkflowTaskIdentity = workflowTaskIdentities.at(-1);
  return { ...(sendIdentity ? { sendIdentity } : {}), workflowTaskIdentities, ...(lastWorkflowTaskIdentity ? { lastWorkflowTaskIdentity } : {}) };
}

export interface WorkerTally {
  /** The bench's name for the worker process (w1, w2, ...). */
  worker: string;
  identity: string;
  /** Deliveries whose kept send ran on this worker. */
  deliveries: number;
  /** Deliveries with at least one workflow task completed on this worker. */
  workflows: number;
}

/**
 * Deliveries per worker, in the order of `workers`. Identities that belong to none of them
 * (there should be none) are counted under `unknown`, so a total never silently shrinks.
 */
export function tallyByWorker(attributions: readonly DeliveryAttribution[], workers: readonly { name: string; identity: string }[]): { tallies: WorkerTally[]; unattributed: number; unknown: number } {
  const tallies = workers.map((w) => ({ worker: w.name, identity: w.identity, deliveries: 0, workflows: 0 }));
  const byIdentity = new Map(tallies.map((t) => [t.identity, t]));
  let unattributed = 0;
  let unknown = 0;
  for (const a of attributions) {
    if (!a.sendIdentity) unattributed++;
    else {
      const tally = byIdentity.get(a.sendIdentity);
      if (tally) tally.deliveries++;
      else unknown++;
    }
    for (const identity of new Set(a.workflowTaskIdentities)) {
      const tally = byIdentity.get(identity);
      if (tally) tally.workflows++;
    }
  }
  return { tallies, unattributed, unknown };
}

/**
 * Deliveries a stopped worker began (it completed at least one of their workflow tasks) and
 * another worker finished (it completed the last one).
 */
export function finishedElsewhere(attributions: readonly DeliveryAttribution[], stoppedIdentity: string): number {
  return attributions.filter((a) => a.workflowTaskIdentities.includes(stoppedIdentity) && a.lastWorkflowTaskIdentity !== undefined && a.lastWorkflowTaskIdentity !== stoppedIdentity).length;
}
