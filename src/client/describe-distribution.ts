import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { FlowResult } from '../core/flows/flow-result.js';
import { flowStatusQuery } from '../shared/flow-messages.js';
import { OUTCOME_KEY } from '../shared/search-attributes.js';

/** Where a distribution is: its record when it has ended, what it has done so far while it runs. */
export interface DistributionStatus {
  distributionId: string;
  /** Temporal's execution status: RUNNING, COMPLETED, TERMINATED, ... */
  status: string;
  /** `pending`, then `sold` or `unsold`. */
  outcome?: string;
  /** The flow's record, once it has completed. */
  result?: FlowResult;
  /** While it runs: the buyers, bids and posts so far (the `flowStatus` query). */
  progress?: Partial<FlowResult>;
}

/** A distribution's status, or undefined when `id` is no `distributeLead` workflow. */
export async function describeDistribution(temporal: Client, id: string): Promise<DistributionStatus | undefined> {
  const handle = temporal.workflow.getHandle(id);
  const description = await handle.describe().catch((err: unknown) => {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  });
  if (!description || description.type !== 'distributeLead') return undefined;
  const status = description.status.name;
  const outcome = description.typedSearchAttributes.get(OUTCOME_KEY);
  const base: DistributionStatus = { distributionId: id, status, ...(outcome ? { outcome } : {}) };
  if (status === 'COMPLETED') {
    const result = (await handle.result()) as FlowResult;
    return { ...base, outcome: result.outcome, result };
  }
  if (status === 'RUNNING') {
    const progress = await handle.query(flowStatusQuery).catch(() => undefined);
    return { ...base, ...(progress ? { progress } : {}) };
  }
  return base;
}
