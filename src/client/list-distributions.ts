import type { Client } from '@temporalio/client';
import { BUYER_KEY, LEAD_ID_KEY, OUTCOME_KEY, PRICE_KEY, SOLD_KEY } from '../shared/search-attributes.js';
import { pricesPaid, type FlowResult } from '../core/flows/flow-result.js';
import { distributionQuery, type DistributionFilter } from './distribution-query.js';

/** One distribution as listed from Temporal's visibility store. */
export interface DistributionSummary {
  distributionId: string;
  /** Temporal's execution status: RUNNING, COMPLETED, ... */
  status: string;
  leadId?: string;
  /** `pending`, then `sold` or `unsold`. */
  outcome?: string;
  /** Set when the distribution ends. */
  sold?: boolean;
  /** The buyers it sold to. */
  buyers?: string[];
  /**
   * What the lead sold for: the sum of what every buyer that accepted pays (for an exclusive
   * sale, the one buyer's price), when sold at a price.
   */
  price?: number;
  /** What each buyer pays, for a lead sold to several (read from its record). */
  prices?: Record<string, number>;
  startTime: string;
}

/** Distributions matching a filter, newest first, read from Temporal's visibility store. */
export async function listDistributions(temporal: Client, filter: DistributionFilter, limit: number): Promise<DistributionSummary[]> {
  const out: DistributionSummary[] = [];
  for await (const wf of temporal.workflow.list({ query: distributionQuery(filter) })) {
    // A raw `query` filter cannot widen the list beyond distributions (see list-deliveries.ts).
    if (wf.type !== 'distributeLead') continue;
    const sa = wf.typedSearchAttributes;
    const leadId = sa.get(LEAD_ID_KEY);
    const outcome = sa.get(OUTCOME_KEY);
    const sold = sa.get(SOLD_KEY);
    const buyers = sa.get(BUYER_KEY);
    const price = sa.get(PRICE_KEY);
    out.push({
      distributionId: wf.workflowId,
      status: wf.status.name,
      ...(leadId !== undefined ? { leadId } : {}),
      ...(outcome !== undefined ? { outcome } : {}),
      ...(sold !== undefined ? { sold } : {}),
      ...(buyers !== undefined ? { buyers } : {}),
      ...(price !== undefined ? { price } : {}),
      startTime: wf.startTime.toISOString(),
    });
    if (out.length >= limit) break;
  }
  // Search attributes hold one price: a shared sale's record says what each buyer paid.
  await Promise.all(out.filter((d) => d.status === 'COMPLETED' && (d.buyers?.length ?? 0) > 1).map((d) => addBuyerPrices(temporal, d)));
  return out;
}

async function addBuyerPrices(temporal: Client, d: DistributionSummary): Promise<void> {
  const record = (await temporal.workflow.getHandle(d.distributionId).result().catch(() => undefined)) as FlowResult | undefined;
  if (!record?.buyers) return;
  d.prices = pricesPaid(record);
  // A distribution that ended before LeadwirePrice was the total (it held the winner's price).
  if (record.totalPrice !== undefined) d.price = record.totalPrice;
}
