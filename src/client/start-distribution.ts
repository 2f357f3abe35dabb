import { oneLine } from '../core/explain/words.js';
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { flowPlanFrom } from '../config/flow-plan-from.js';
import { loadFlowFile } from '../config/load-flow.js';
import { CONTRACT_VERSION } from '../contract/version.js';
import { leadIdOf } from '../core/delivery/delivery-id.js';
import { checkStartId } from '../core/delivery/reserved-ids.js';
import type { Flow } from '../config/loaded-flow.js';
import { distributionIdFor } from '../core/flows/distribution-id.js';
import type { FlowResult } from '../core/flows/flow-result.js';
import { validateLead } from '../core/lead/validate-lead.js';
import type { DistributeLeadInput } from '../shared/flow-messages.js';
import { LEAD_ID_KEY, OUTCOME_KEY } from '../shared/search-attributes.js';
import { searchKeyword } from '../shared/search-keyword.js';
import type { distributeLead } from '../workflows/distribute-lead.js';
import { refuseIfTaken } from './refuse-if-taken.js';

export interface StartDistributionOptions {
  /** Your own id for this distribution; default `flow-<flow>--<lead id>`. */
  distributionId?: string;
}

export interface StartedDistribution {
  distributionId: string;
  leadId: string;
  /** False when a distribution with this id already existed: nothing new was started. */
  started: boolean;
  handle: WorkflowHandle<typeof distributeLead>;
  /** Waits for the flow's result record. */
  result(): Promise<FlowResult>;
}

/**
 * Starts a `distributeLead` workflow for one lead and a flow (loaded, or a flow file's path),
 * or finds the one already started for the same flow and lead.
 */
export async function startDistribution(temporal: Client, taskQueue: string, flowIn: Flow | string, leadIn: unknown, options: StartDistributionOptions = {}): Promise<StartedDistribution> {
  const flow = typeof flowIn === 'string' ? await loadFlowFile(flowIn) : flowIn;
  const lead = validateLead(leadIn);
  const leadId = leadIdOf(lead, flow.lead_id_field);
  const distributionId = distributionIdFor(flow.name, leadId, options.distributionId);
  checkStartId(distributionId, 'distribution id', Boolean(options.distributionId));
  const input: DistributeLeadInput = { v: CONTRACT_VERSION, flow: flowPlanFrom(flow), lead, distributionId, leadId };
  const handle = temporal.workflow.getHandle<typeof distributeLead>(distributionId);
  const done = { distributionId, leadId, handle, result: () => handle.result() };
  try {
    await temporal.workflow.start('distributeLead', {
      taskQueue,
      workflowId: distributionId,
      args: [input],
      // Same flow, same lead: one distribution, never a second auction.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
      typedSearchAttributes: [
        { key: LEAD_ID_KEY, value: searchKeyword(leadId) },
        { key: OUTCOME_KEY, value: 'pending' },
      ],
      staticSummary: oneLine(`flow ${flow.name} (${flow.strategy}) · lead ${leadId}`),
    });
    return { ...done, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      await refuseIfTaken(temporal, distributionId, 'distributeLead', 'distribution id');
      return { ...done, started: false };
    }
    throw err;
  }
}
