import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { waitFor } from './eventually.js';

/** What the Web UI reads from a running worker: the workflow's current details and its handlers, with descriptions. */
export interface WorkflowMetadata {
  currentDetails?: string;
  definition?: {
    type?: string;
    queryDefinitions?: { name: string; description?: string }[];
    signalDefinitions?: { name: string; description?: string }[];
    updateDefinitions?: { name: string; description?: string }[];
  };
}

/** The built-in query the Web UI sends for "Current details" and the handler lists. */
export async function workflowMetadata(handle: WorkflowHandle): Promise<WorkflowMetadata> {
  return handle.query<WorkflowMetadata>('__temporal_workflow_metadata');
}

/** Polls the current details (not the clock) until they match. */
export async function detailsMatching(handle: WorkflowHandle, pattern: RegExp): Promise<string> {
  return waitFor(`current details matching ${pattern}`, async () => (await workflowMetadata(handle)).currentDetails ?? '', (details) => pattern.test(details));
}

/** The summaries the history's events carry (timers, activities, local activity markers), in order, by event type. */
export async function summariesInHistory(client: Client, handle: WorkflowHandle): Promise<{ type: string; summary: string }[]> {
  const history = await handle.fetchHistory();
  const out: { type: string; summary: string }[] = [];
  for (const event of history.events ?? []) {
    const payload = (event as temporal.api.history.v1.IHistoryEvent).userMetadata?.summary;
    if (!payload) continue;
    const summary = client.options.loadedDataConverter.payloadConverter.fromPayload<string>(payload);
    out.push({ type: temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? String(event.eventType), summary });
  }
  return out;
}

/**
 * The retry waits a delivery's workflow scheduled, in milliseconds, in order: the durations of
 * its retry timers ("attempt N of M in ..."), as its history records them. What the workflow
 * decided, exactly; the wall-clock gaps between attempts only add task latency to it.
 */
export async function retryWaits(client: Client, handle: WorkflowHandle): Promise<number[]> {
  const history = await handle.fetchHistory();
  const waits: number[] = [];
  for (const event of (history.events ?? []) as temporal.api.history.v1.IHistoryEvent[]) {
    const timer = event.timerStartedEventAttributes;
    const summary = event.userMetadata?.summary;
    if (!timer || !summary || !/^attempt \d+ of \d+ in /.test(client.options.loadedDataConverter.payloadConverter.fromPayload<string>(summary))) continue;
    const { seconds, nanos } = timer.startToFireTimeout ?? {};
    waits.push(Number(seconds ?? 0) * 1000 + Math.round((nanos ?? 0) / 1e6));
  }
  return waits;
}
