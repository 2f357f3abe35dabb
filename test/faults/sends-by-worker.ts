import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { isCompletedLocalActivity, type MarkerLike } from '../../src/temporal/local-activity-marker.js';

const { temporal } = proto;

/** An event id: a Long in real histories. */
type EventId = number | { toString(): string } | null | undefined;
type Identity = string | null | undefined;

/** The parts of a history event (temporal.api.history.v1.HistoryEvent) the count reads. */
export interface HistoryEventLike {
  eventId?: EventId;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
  activityTaskStartedEventAttributes?: { scheduledEventId?: EventId; identity?: Identity } | null;
  activityTaskCompletedEventAttributes?: { scheduledEventId?: EventId; startedEventId?: EventId; identity?: Identity } | null;
  activityTaskTimedOutEventAttributes?: { scheduledEventId?: EventId; startedEventId?: EventId } | null;
  workflowTaskCompletedEventAttributes?: { identity?: Identity } | null;
  workflowTaskStartedEventAttributes?: { identity?: Identity } | null;
  workflowTaskTimedOutEventAttributes?: { startedEventId?: EventId } | null;
  workflowTaskFailedEventAttributes?: { startedEventId?: EventId } | null;
  markerRecordedEventAttributes?: (MarkerLike & { workflowTaskCompletedEventId?: EventId }) | null;
}

/** Which worker ran the sends of a set of deliveries, read from their histories. */
export interface SendsByWorker {
  /** Send activities each worker completed (a request sent and its answer recorded), by worker identity. */
  completed: Map<string, number>;
  /** Send activities a worker started and never finished (it died): they timed out, as WORKER_LOST attempts. */
  lost: Map<string, number>;
  /** Workflow tasks each worker completed (the workflow code it ran). */
  workflowTasks: Map<string, number>;
  /** Deliveries that had a send lost with one worker and were then finished by another. */
  finishedByAnother: number;
}

const SEND_ACTIVITY = 'sendLead';
/** The first attempt, when it runs as a local activity in the delivery's first workflow task. */
const FIRST_ATTEMPT_ACTIVITY = 'deliverFirstAttempt';

const bump = (m: Map<string, number>, key: string | null | undefined) => {
  const k = key || '(unknown)';
  m.set(k, (m.get(k) ?? 0) + 1);
};

/**
 * Counts, per worker identity (`<pid>@<host>` by default), the send activities of these
 * deliveries it completed and the ones it lost, from each workflow's history: the
 * ActivityTaskStarted event carries the identity of the worker that took the task, the
 * Completed and TimedOut events point back at it. A first attempt made in the first workflow
 * task (a local activity) is its marker, credited to the worker that completed that task; a
 * first workflow task that never completed (timed out or failed) counts as a send lost with
 * the worker that had started it, as the workflow counts it (a WORKER_LOST attempt).
 */
export async function sendsByWorker(client: Client, deliveryIds: string[], concurrency = 8): Promise<SendsByWorker> {
  const out: SendsByWorker = { completed: new Map(), lost: new Map(), workflowTasks: new Map(), finishedByAnother: 0 };
  const queue = [...deliveryIds];
  const lane = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const history = await client.workflow.getHandle(id).fetchHistory();
      countHistory(history.events ?? [], out);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return out;
}

/** Temporal's default number of partitions of a task queue (matching.numTaskqueueReadPartitions). */
const PARTITIONS = 4;

/**
 * The identities of the workers polling a task queue for both workflow and activity tasks.
 * A poll waits on one partition, and describing a task queue lists only its root partition's
 * pollers, so every partition (`/_sys/<name>/<n>`, as `temporal task-queue describe` does) is asked.
 */
export async function pollingWorkers(client: Client, taskQueue: string): Promise<Set<string>> {
  const describe = async (taskQueueType: proto.temporal.api.enums.v1.TaskQueueType) => {
    const seen = new Set<string>();
    for (let p = 0; p < PARTITIONS; p++) {
      const name = p === 0 ? taskQueue : `/_sys/${taskQueue}/${p}`;
      const response = await client.workflowService.describeTaskQueue({ namespace: client.options.namespace, taskQueue: { name }, taskQueueType });
      for (const poller of response.pollers ?? []) seen.add(poller.identity ?? '');
    }
    return seen;
  };
  const [workflow, activity] = await Promise.all([describe(temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW), describe(temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)]);
  return new Set([...workflow].filter((identity) => activity.has(identity)));
}

/** Send activities running right now, by worker identity (each delivery's pending activities). */
export async function sendsInFlight(client: Client, deliveryIds: string[], concurrency = 8): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const queue = [...deliveryIds];
  const lane = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const { raw } = await client.workflow.getHandle(id).describe();
      for (const a of raw.pendingActivities ?? []) {
        if (a.activityType?.name === SEND_ACTIVITY && a.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED) bump(out, a.lastWorkerIdentity);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return out;
}

/** Adds one workflow's events to `out` (pure; exported for its test). */
export function countHistory(events: HistoryEventLike[], out: SendsByWorker): void {
  const sendScheduled = new Set<string>();
  const startedBy = new Map<string, string>();
  const lostBy = new Set<string>();
  const completedBy = new Set<string>();
  const taskCompletedBy = new Map<string, string>();
  let firstTask: { startedEventId: string; identity: string } | undefined;
  for (const e of events) {
    const id = String(e.eventId);
    const taskStarted = e.workflowTaskStartedEventAttributes;
    if (taskStarted && !firstTask) firstTask = { startedEventId: id, identity: taskStarted.identity ?? '' };
    const taskLost = e.workflowTaskTimedOutEventAttributes ?? e.workflowTaskFailedEventAttributes;
    if (taskLost && firstTask && String(taskLost.startedEventId) === firstTask.startedEventId) {
      bump(out.lost, firstTask.identity);
      lostBy.add(firstTask.identity);
    }
    const marker = e.markerRecordedEventAttributes;
    if (marker && isCompletedLocalActivity(marker, FIRST_ATTEMPT_ACTIVITY)) {
      const who = taskCompletedBy.get(String(marker.workflowTaskCompletedEventId));
      bump(out.completed, who);
      completedBy.add(who ?? '');
    }
    if (e.activityTaskScheduledEventAttributes?.activityType?.name === SEND_ACTIVITY) sendScheduled.add(id);
    const started = e.activityTaskStartedEventAttributes;
    if (started && sendScheduled.has(String(started.scheduledEventId))) startedBy.set(id, started.identity ?? '');
    const completed = e.activityTaskCompletedEventAttributes;
    if (completed && sendScheduled.has(String(completed.scheduledEventId))) {
      const who = completed.identity || startedBy.get(String(completed.startedEventId));
      bump(out.completed, who);
      completedBy.add(who ?? '');
    }
    const timedOut = e.activityTaskTimedOutEventAttributes;
    if (timedOut && sendScheduled.has(String(timedOut.scheduledEventId))) {
      const who = startedBy.get(String(timedOut.startedEventId));
      bump(out.lost, who);
      lostBy.add(who ?? '');
    }
    if (e.workflowTaskCompletedEventAttributes) {
      bump(out.workflowTasks, e.workflowTaskCompletedEventAttributes.identity);
      taskCompletedBy.set(id, e.workflowTaskCompletedEventAttributes.identity ?? '');
    }
  }
  if ([...completedBy].some((w) => !lostBy.has(w)) && lostBy.size > 0) out.finishedByAnother++;
}

/** `w1 12, w2 3 (lost 2), w3 11`: a label per identity (by pid), in label order. */
export function formatSendsByWorker(sends: SendsByWorker, labelOf: (identity: string) => string): string {
  const rows = new Map<string, { completed: number; lost: number }>();
  const add = (m: Map<string, number>, field: 'completed' | 'lost') => {
    for (const [identity, n] of m) {
      const label = labelOf(identity);
      const row = rows.get(label) ?? { completed: 0, lost: 0 };
      row[field] += n;
      rows.set(label, row);
    }
  };
  add(sends.completed, 'completed');
  add(sends.lost, 'lost');
  return [...rows]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, r]) => `${label} ${r.completed}${r.lost ? ` (lost ${r.lost})` : ''}`)
    .join(', ');
}
