import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;
const { HistoryEvent } = proto.temporal.api.history.v1;

/** One workflow run: its id and run id. */
export interface Execution {
  workflowId: string;
  runId: string;
}

/**
 * Where a history's bytes go, each the encoded size of the events of that kind:
 * - `input`: WorkflowExecutionStarted (the workflow's input, its memo and search attributes);
 * - `activities`: ActivityTaskScheduled (each activity's input) and ActivityTaskCompleted/Failed/TimedOut (its result);
 * - `local_activities`: MarkerRecorded (a local activity's result; its input is not recorded);
 * - `children`: StartChildWorkflowExecutionInitiated (a child's input) and the child's Started/Completed/Failed/... (its result);
 * - `messages`: signals and updates (their arguments, an update's result);
 * - `result`: WorkflowExecutionCompleted/Failed/ContinuedAsNew (the record, or what is carried over);
 * - `other`: workflow tasks, timers, search attribute upserts and the rest.
 */
export const COST_KINDS = ['input', 'activities', 'local_activities', 'children', 'messages', 'result', 'other'] as const;
export type CostKind = (typeof COST_KINDS)[number];

export interface HistoryCost {
  /** Runs counted. */
  executions: number;
  events: number;
  /** The server's own count (`historySizeBytes` of DescribeWorkflowExecution), summed over the runs. */
  historyBytes: number;
  /** Each event encoded alone as a `temporal.api.history.v1.HistoryEvent` protobuf, summed. */
  encodedBytes: number;
  byKind: Record<CostKind, number>;
}

const KIND_OF: [keyof HistoryEvent, CostKind][] = [
  ['workflowExecutionStartedEventAttributes', 'input'],
  ['activityTaskScheduledEventAttributes', 'activities'],
  ['activityTaskCompletedEventAttributes', 'activities'],
  ['activityTaskFailedEventAttributes', 'activities'],
  ['activityTaskTimedOutEventAttributes', 'activities'],
  ['activityTaskCanceledEventAttributes', 'activities'],
  ['markerRecordedEventAttributes', 'local_activities'],
  ['startChildWorkflowExecutionInitiatedEventAttributes', 'children'],
  ['childWorkflowExecutionStartedEventAttributes', 'children'],
  ['childWorkflowExecutionCompletedEventAttributes', 'children'],
  ['childWorkflowExecutionFailedEventAttributes', 'children'],
  ['childWorkflowExecutionCanceledEventAttributes', 'children'],
  ['childWorkflowExecutionTerminatedEventAttributes', 'children'],
  ['childWorkflowExecutionTimedOutEventAttributes', 'children'],
  ['startChildWorkflowExecutionFailedEventAttributes', 'children'],
  ['workflowExecutionSignaledEventAttributes', 'messages'],
  ['signalExternalWorkflowExecutionInitiatedEventAttributes', 'messages'],
  ['workflowExecutionUpdateAcceptedEventAttributes', 'messages'],
  ['workflowExecutionUpdateCompletedEventAttributes', 'messages'],
  ['workflowExecutionUpdateAdmittedEventAttributes', 'messages'],
  ['workflowExecutionCompletedEventAttributes', 'result'],
  ['workflowExecutionFailedEventAttributes', 'result'],
  ['workflowExecutionContinuedAsNewEventAttributes', 'result'],
];

export function kindOf(event: HistoryEvent): CostKind {
  for (const [key, kind] of KIND_OF) if (event[key]) return kind;
  return 'other';
}

export const emptyCost = (): HistoryCost => ({ executions: 0, events: 0, historyBytes: 0, encodedBytes: 0, byKind: Object.fromEntries(COST_KINDS.map((k) => [k, 0])) as Record<CostKind, number> });

export function addCost(a: HistoryCost, b: HistoryCost): HistoryCost {
  const sum = emptyCost();
  sum.executions = a.executions + b.executions;
  sum.events = a.events + b.events;
  sum.historyBytes = a.historyBytes + b.historyBytes;
  sum.encodedBytes = a.encodedBytes + b.encodedBytes;
  for (const k of COST_KINDS) sum.byKind[k] = a.byKind[k] + b.byKind[k];
  return sum;
}

/** The cost of events already fetched (no server count: `historyBytes` stays 0). */
export function costOfEvents(events: readonly HistoryEvent[]): HistoryCost {
  const cost = emptyCost();
  cost.executions = 1;
  cost.events = events.length;
  for (const event of events) {
    const bytes = HistoryEvent.encode(event).finish().length;
    cost.encodedBytes += bytes;
    cost.byKind[kindOf(event)] += bytes;
  }
  return cost;
}

/** A run's history as stored: its events and the server's size of it. */
export async function historyCost(client: Client, execution: Execution): Promise<{ cost: HistoryCost; events: HistoryEvent[] }> {
  const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
  const [history, description] = await Promise.all([handle.fetchHistory(), handle.describe()]);
  const events = history.events ?? [];
  const cost = costOfEvents(events);
  cost.historyBytes = description.historySize ?? 0;
  return { cost, events };
}

/** The runs `run` leads to: its children (with their run ids) and the run it continued as. */
export function linkedRuns(run: Execution, events: readonly HistoryEvent[]): Execution[] {
  const linked: Execution[] = [];
  for (const e of events) {
    const child = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
    if (child?.workflowId && child.runId) linked.push({ workflowId: child.workflowId, runId: child.runId });
    const next = e.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    if (next) linked.push({ workflowId: run.workflowId, runId: next });
  }
  return linked;
}

/**
 * The summed cost of `roots` and every run they lead to: children (the pings and posts of a
 * distribution, the batches of a batcher), their children, and runs continued as new. Each run
 * is counted once.
 */
export async function treeCost(client: Client, roots: readonly Execution[]): Promise<HistoryCost> {
  const seen = new Set<string>();
  let total = emptyCost();
  let frontier = [...roots];
  while (frontier.length > 0) {
    const fresh = frontier.filter((x) => !seen.has(`${x.workflowId}/${x.runId}`));
    for (const x of fresh) seen.add(`${x.workflowId}/${x.runId}`);
    const fetched = await Promise.all(fresh.map(async (x) => ({ x, ...(await historyCost(client, x)) })));
    frontier = [];
    for (const { x, cost, events } of fetched) {
      total = addCost(total, cost);
      frontier.push(...linkedRuns(x, events));
    }
  }
  return total;
}
