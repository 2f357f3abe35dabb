import type { Client } from '@temporalio/client';
import { LEAD_ID_KEY } from '../../shared/search-attributes.js';

const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * Deletes from Temporal every workflow execution (open or closed, any run) whose LeadwireLeadId
 * is one of `leadIds`: deliveries, distributions and their pings and posts. An open one is
 * terminated first by the server. Returns how many executions were deleted. Visibility is
 * eventually consistent: an execution started a moment ago may not be listed yet.
 * Not covered: batches (a batch holds several people's leads) and cap workflows.
 */
export async function deleteLeadWorkflows(client: Client, leadIds: readonly string[]): Promise<number> {
  let deleted = 0;
  for (const leadId of leadIds) {
    const executions: { workflowId: string; runId: string }[] = [];
    for await (const execution of client.workflow.list({ query: `${LEAD_ID_KEY.name} = ${quote(leadId)}` })) {
      executions.push({ workflowId: execution.workflowId, runId: execution.runId });
    }
    for (const workflowExecution of executions) {
      try {
        await client.workflowService.deleteWorkflowExecution({ namespace: client.options.namespace, workflowExecution });
        deleted++;
      } catch (err) {
        // Already gone (deleted by an earlier, interrupted erasure, or by retention): nothing left to delete.
        if ((err as { code?: number }).code !== 5) throw err;
      }
    }
  }
  return deleted;
}
