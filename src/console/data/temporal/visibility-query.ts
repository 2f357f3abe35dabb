import { quote } from '../../../client/delivery-query.js';
import type { DeliveryFilter, DistributionFilter } from '../console-data.js';

/** A time the visibility store compares with `StartTime`, or undefined for a value that is not one. */
const isoTime = (value: string | undefined): string | undefined => {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
};

/** The clauses every listing shares: lead id, time range and an optional scope (a task queue). */
function commonClauses(filter: { leadId?: string; since?: string; until?: string }, scope: { taskQueue?: string }): string[] {
  const parts: string[] = [];
  if (scope.taskQueue) parts.push(`TaskQueue=${quote(scope.taskQueue)}`);
  if (filter.leadId?.trim()) parts.push(`LeadwireLeadId=${quote(filter.leadId.trim())}`);
  const since = isoTime(filter.since);
  const until = isoTime(filter.until);
  if (since) parts.push(`StartTime>=${quote(since)}`);
  if (until) parts.push(`StartTime<${quote(until)}`);
  return parts;
}

/**
 * The visibility query for the console's deliveries list: only `deliverLead` workflows (never
 * cap, batcher or batch workflows), every value quoted. Filters come from the browser: none of
 * them is ever pasted into the query unquoted.
 */
export function deliveriesQuery(filter: DeliveryFilter, scope: { taskQueue?: string } = {}): string {
  const parts = ['WorkflowType="deliverLead"', ...commonClauses(filter, scope)];
  if (filter.destination?.trim()) parts.push(`LeadwireDestination=${quote(filter.destination.trim())}`);
  if (filter.buyer?.trim()) parts.push(`LeadwireBuyer=${quote(filter.buyer.trim())}`);
  if (filter.outcome) parts.push(`LeadwireOutcome=${quote(filter.outcome)}`);
  if (filter.runningOnly) parts.push('ExecutionStatus="Running"');
  return parts.join(' AND ');
}

/** The visibility query for the distributions list: only `distributeLead` workflows. */
export function distributionsQuery(filter: DistributionFilter, scope: { taskQueue?: string } = {}): string {
  const parts = ['WorkflowType="distributeLead"', ...commonClauses(filter, scope)];
  if (filter.buyer?.trim()) parts.push(`LeadwireBuyer=${quote(filter.buyer.trim())}`);
  if (filter.outcome) parts.push(`LeadwireOutcome=${quote(filter.outcome)}`);
  return parts.join(' AND ');
}
