import type { Client } from '@temporalio/client';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import { leadIdQuery } from './lead-id-query.js';

type Execution = { workflowId: string; runId: string };

/**
 * Deletes from Temporal every workflow execution (open or closed, any run) of each lead in
 * `leadIds`, found by its LeadwireLeadId search attribute: deliveries, distributions and their
 * pings and posts. An open one is terminated first by the server. Returns how many executions
 * were deleted. Visibility is eventually consistent: an execution started a moment ago may not
 * be listed yet. Not covered: batches (a batch holds several people's leads) and cap workflows.
 *
 * When the search can also find other leads (leadIdQuery: a lead id longer than 255 characters,
 * or one holding a quote, a backslash or a control character), each execution found is deleted
 * only if its start input names this very lead id (read with the client's codec); all are
 * checked before any is deleted.
 */
export async function deleteLeadWorkflows(client: Client, leadIds: readonly string[]): Promise<number> {
  const searches = leadIds.map((leadId) => ({ leadId, search: leadIdQuery(leadId) }));
  if (searches.some((s) => !s.search)) {
    throw new LeadwireError(
      'ERASURE_UNSEARCHABLE_LEAD_ID',
      'A lead id starting with a quote, a backslash or a control character cannot be searched for in Temporal\'s visibility, so no workflow of this erasure was deleted from Temporal: delete them by workflow id (`temporal workflow delete --workflow-id <id>`).',
    );
  }
  let deleted = 0;
  for (const { leadId, search } of searches) {
    if (!search) continue;
    const found: Execution[] = [];
    for await (const execution of client.workflow.list({ query: search.query })) {
      found.push({ workflowId: execution.workflowId, runId: execution.runId });
    }
    const executions = search.exact ? found : await startedFor(client, found, leadId);
    for (const workflowExecution of executions) {
      if (await deleteExecution(client, workflowExecution)) deleted++;
    }
  }
  return deleted;
}

async function deleteExecution(client: Client, workflowExecution: Execution): Promise<boolean> {
  try {
    await client.workflowService.deleteWorkflowExecution({ namespace: client.options.namespace, workflowExecution });
    return true;
  } catch (err) {
    // Already gone (deleted by an earlier, interrupted erasure, or by retention): nothing left to delete.
    if ((err as { code?: number }).code === 5) return false;
    throw err;
  }
}

/** The executions whose start input's `leadId` is `leadId` (checked before any is deleted). */
async function startedFor(client: Client, executions: readonly Execution[], leadId: string): Promise<Execution[]> {
  const kept: Execution[] = [];
  for (const execution of executions) {
    const startedLeadId = await inputLeadId(client, execution);
    if (startedLeadId === leadId) kept.push(execution);
  }
  return kept;
}

/** The `leadId` of an execution's first argument (deliverLead and distributeLead inputs carry it); undefined once it is gone. */
async function inputLeadId(client: Client, execution: Execution): Promise<string | undefined> {
  let history;
  try {
    history = await client.workflowService.getWorkflowExecutionHistory({ namespace: client.options.namespace, execution, maximumPageSize: 1 });
  } catch (err) {
    if ((err as { code?: number }).code === 5) return undefined;
    throw err;
  }
  const payload = history.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) return undefined;
  const { payloadCodecs, payloadConverter } = client.options.loadedDataConverter;
  try {
    let decoded = [payload];
    for (const codec of [...payloadCodecs].reverse()) decoded = await codec.decode(decoded);
    const input = payloadConverter.fromPayload<{ leadId?: unknown }>(decoded[0]!);
    return typeof input?.leadId === 'string' ? input.leadId : undefined;
  } catch {
    throw new LeadwireError(
      'ERASURE_UNREADABLE_INPUT',
      `Workflow ${execution.workflowId} may belong to this lead (LeadwireLeadId cannot tell: the lead id is longer than 255 characters or holds a character a search cannot match), but its input could not be read to check: give the eraser the codec keys the workers use (LEADWIRE_CODEC_KEYS). Nothing of this lead was deleted from Temporal.`,
    );
  }
}
