import type { Client } from '@temporalio/client';
import { quote } from '../../client/delivery-query.js';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import { LEAD_ID_KEY } from '../../shared/search-attributes.js';
import { searchKeyword } from '../../shared/search-keyword.js';

type Execution = { workflowId: string; runId: string };

/**
 * Deletes from Temporal every workflow execution (open or closed, any run) of each lead in
 * `leadIds`, found by its LeadwireLeadId search attribute: deliveries, distributions and their
 * pings and posts. An open one is terminated first by the server. Returns how many executions
 * were deleted. Visibility is eventually consistent: an execution started a moment ago may not
 * be listed yet. Not covered: batches (a batch holds several people's leads) and cap workflows.
 *
 * LeadwireLeadId holds the lead id cut at 255 characters (searchKeyword): for a longer lead id
 * the search also finds other leads that share its first 255 characters, so each execution found
 * is kept only if its start input names this very lead id (read with the client's codec).
 */
export async function deleteLeadWorkflows(client: Client, leadIds: readonly string[]): Promise<number> {
  let deleted = 0;
  for (const leadId of leadIds) {
    const keyword = searchKeyword(leadId);
    const found: Execution[] = [];
    for await (const execution of client.workflow.list({ query: `${LEAD_ID_KEY.name} = ${quote(keyword)}` })) {
      found.push({ workflowId: execution.workflowId, runId: execution.runId });
    }
    const executions = keyword === leadId ? found : await startedFor(client, found, leadId);
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
      `Workflow ${execution.workflowId} may belong to this lead (its id is longer than 255 characters, so LeadwireLeadId holds only its start), but its input could not be read to check: give the eraser the codec keys the workers use (LEADWIRE_CODEC_KEYS). Nothing of this lead was deleted from Temporal.`,
    );
  }
}
