import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { linkedRuns, type Execution } from '../../bench/history-cost.js';

type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

/** One workflow run the test touched, with what its history says about the switch. */
export interface TouchedRun extends Execution {
  type: string;
  /** Whether it is still running. */
  running: boolean;
  /** WorkflowTaskFailed events: a task the worker could not complete (a nondeterminism error among them). */
  taskFailures: string[];
  /** The identities (`pid@host`) of the workers that completed its workflow tasks. */
  taskWorkers: Set<string>;
  events: number;
}

/** Every run of `workflowId`: the ones visibility lists (earlier runs, continued as new) and the latest. */
async function runsOf(temporal: Client, workflowId: string): Promise<Execution[]> {
  const runs = new Map<string, Execution>();
  const latest = await temporal.workflow.getHandle(workflowId).describe();
  runs.set(latest.runId, { workflowId, runId: latest.runId });
  for await (const w of temporal.workflow.list({ query: `WorkflowId = '${workflowId.replace(/'/g, "\\'")}'` })) runs.set(w.runId, { workflowId, runId: w.runId });
  return [...runs.values()];
}

function failuresIn(events: readonly HistoryEvent[]): string[] {
  return events
    .filter((e) => e.workflowTaskFailedEventAttributes)
    .map((e) => {
      const a = e.workflowTaskFailedEventAttributes!;
      const cause = proto.temporal.api.enums.v1.WorkflowTaskFailedCause[a.cause ?? 0] ?? a.cause;
      return `event ${e.eventId}: ${cause} by ${a.identity ?? '?'}: ${a.failure?.message ?? 'no message'}`;
    });
}

/**
 * Every run reachable from the root workflow ids: each root's runs, their children (pings,
 * posts, batches) and the runs they continued as, recursively; each with its history read.
 */
export async function touchedRuns(temporal: Client, rootIds: readonly string[]): Promise<TouchedRun[]> {
  const seen = new Set<string>();
  const touched: TouchedRun[] = [];
  let frontier = (await Promise.all(rootIds.map((id) => runsOf(temporal, id)))).flat();
  while (frontier.length > 0) {
    const fresh = frontier.filter((x) => !seen.has(`${x.workflowId}/${x.runId}`));
    for (const x of fresh) seen.add(`${x.workflowId}/${x.runId}`);
    const read = await Promise.all(
      fresh.map(async (x) => {
        const handle = temporal.workflow.getHandle(x.workflowId, x.runId);
        const [history, description] = await Promise.all([handle.fetchHistory(), handle.describe()]);
        return { x, events: history.events ?? [], description };
      }),
    );
    frontier = [];
    for (const { x, events, description } of read) {
      touched.push({
        ...x,
        type: description.type,
        running: description.status.name === 'RUNNING',
        taskFailures: failuresIn(events),
        taskWorkers: new Set(events.map((e) => e.workflowTaskCompletedEventAttributes?.identity).filter((id): id is string => Boolean(id))),
        events: events.length,
      });
      frontier.push(...linkedRuns(x, events));
    }
  }
  return touched;
}

/**
 * Whether every run under the roots has settled: no workflow task pending (the workers have
 * handled every start and signal) and no activity in flight, except in the workflows named in
 * `busy` (the held ping). The state the old workers leave is then the one in the histories.
 */
export async function settled(temporal: Client, rootIds: readonly string[], busy: ReadonlySet<string> = new Set()): Promise<string | undefined> {
  const runs = await touchedRuns(temporal, rootIds);
  for (const run of runs.filter((r) => r.running)) {
    const { raw } = await temporal.workflow.getHandle(run.workflowId, run.runId).describe();
    if (raw.pendingWorkflowTask) return `${run.workflowId} has a workflow task pending`;
    if (!busy.has(run.workflowId) && (raw.pendingActivities?.length ?? 0) > 0) return `${run.workflowId} has an activity in flight`;
  }
  return undefined;
}

/** Task failures in any run under the roots, one line each (empty: none). */
export async function taskFailures(temporal: Client, rootIds: readonly string[]): Promise<string[]> {
  const runs = await touchedRuns(temporal, rootIds);
  return runs.flatMap((r) => r.taskFailures.map((f) => `${r.type} ${r.workflowId} (run ${r.runId}): ${f}`));
}
