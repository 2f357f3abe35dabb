import { quote } from './delivery-query.js';

/** Which distributions (flows' `distributeLead` workflows) an operator means. */
export interface DistributionFilter {
  /** A Temporal visibility query, e.g. `LeadwirePrice > 10`; combined with the other filters. */
  query?: string;
  /** Only distributions that sold to this buyer (the `LeadwireBuyer` search attribute). */
  buyer?: string;
  /** `pending`, `sold` or `unsold`. */
  outcome?: string;
}

/** The visibility query for a filter; always limited to distributeLead workflows. */
export function distributionQuery(filter: DistributionFilter): string {
  const parts = ['WorkflowType="distributeLead"'];
  if (filter.buyer) parts.push(`LeadwireBuyer=${quote(filter.buyer)}`);
  if (filter.outcome) parts.push(`LeadwireOutcome=${quote(filter.outcome)}`);
  if (filter.query?.trim()) parts.push(`(${filter.query.trim()})`);
  return parts.join(' AND ');
}
