/** Which deliveries an operator means: a raw visibility query, or filters on leadwire's search attributes. */
export interface DeliveryFilter {
  /** A Temporal visibility query, e.g. `LeadwireOutcome="parked"`; combined with the other filters. */
  query?: string;
  /** Destination name (the `LeadwireDestination` search attribute). */
  destination?: string;
  /** `pending`, `retrying`, `parked`, `success`, `failure`, `error`, `skipped` or `cancelled`. */
  outcome?: string;
  /** Only a flow buyer's pings and posts (the `LeadwireBuyer` search attribute). */
  buyer?: string;
  /** Only running deliveries (the ones that can still be retried or given up). */
  runningOnly?: boolean;
}

export const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The visibility query for a filter; always limited to deliverLead workflows. */
export function deliveryQuery(filter: DeliveryFilter): string {
  const parts = ['WorkflowType="deliverLead"'];
  if (filter.destination) parts.push(`LeadwireDestination=${quote(filter.destination)}`);
  if (filter.outcome) parts.push(`LeadwireOutcome=${quote(filter.outcome)}`);
  if (filter.buyer) parts.push(`LeadwireBuyer=${quote(filter.buyer)}`);
  if (filter.runningOnly) parts.push('ExecutionStatus="Running"');
  if (filter.query?.trim()) parts.push(`(${filter.query.trim()})`);
  return parts.join(' AND ');
}
