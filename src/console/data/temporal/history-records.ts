import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow/codec-helpers.js';
import type { RenderOutcome, RenderedRequest } from '../../../core/render/rendered-request.js';
import { isCompletedLocalActivity } from '../../../temporal/local-activity-marker.js';

/** The local activities whose result holds the rendered request, secrets masked (the render's record). */
const RENDERING_STEPS = ['renderLead', 'deliverFirstAttempt'];

interface HistoryRecords {
  /** The workflow's input: what it started with (a delivery's destination and lead, a flow and its lead). */
  input?: unknown;
  /** The last request the delivery rendered, secrets masked; absent when it never rendered one. */
  rendered?: RenderedRequest;
}

/**
 * What a workflow's history holds that no query answers: its input, and the last request it
 * rendered (the result of its last render step, which renders with secrets masked). Payloads are
 * decoded with the client's data converter, so a codec's encryption is undone with its keys.
 * Undefined when the history is gone (past the namespace's retention) or cannot be read.
 */
export async function readHistoryRecords(temporal: Client, workflowId: string): Promise<HistoryRecords | undefined> {
  const converter = temporal.options.loadedDataConverter;
  const history = await temporal.workflow
    .getHandle(workflowId)
    .fetchHistory()
    .catch(() => undefined);
  if (!history) return undefined;
  const out: HistoryRecords = {};
  for (const event of history.events ?? []) {
    const started = event.workflowExecutionStartedEventAttributes;
    if (started?.input?.payloads?.length) out.input = await decodeFromPayloadsAtIndex(converter, 0, started.input.payloads).catch(() => undefined);
    const marker = event.markerRecordedEventAttributes;
    if (!marker || !RENDERING_STEPS.some((type) => isCompletedLocalActivity(marker, type))) continue;
    const payloads = marker.details?.result?.payloads;
    if (!payloads?.length) continue;
    const result = await decodeFromPayloadsAtIndex<{ outcome?: RenderOutcome }>(converter, 0, payloads).catch(() => undefined);
    if (result?.outcome?.kind === 'request') out.rendered = result.outcome.request;
  }
  return out;
}
