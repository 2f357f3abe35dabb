import type { Client } from '@temporalio/client';
import { ATTEMPTS_KEY, DESTINATION_KEY, LAST_STATUS_KEY, LEAD_ID_KEY, OUTCOME_KEY } from '../shared/search-attributes.js';
import { deliveryQuery, type DeliveryFilter } from './delivery-query.js';
import { DELIVERY_TYPE } from './delivery-types.js';
import type { DeliverySummary } from './delivery-summary.js';

/** Deliveries matching a filter, newest first, read from Temporal's visibility store. */
export async function listDeliveries(temporal: Client, filter: DeliveryFilter, limit: number): Promise<DeliverySummary[]> {
  const out: DeliverySummary[] = [];
  for await (const wf of temporal.workflow.list({ query: deliveryQuery(filter) })) {
    // The query keeps deliverLead only, but a raw `query` filter is the caller's text (`x) OR (y`):
    // whatever it lets through, nothing else is listed, and so nothing else is retried in bulk.
    if (wf.type !== DELIVERY_TYPE) continue;
    const sa = wf.typedSearchAttributes;
    const destination = sa.get(DESTINATION_KEY);
    const leadId = sa.get(LEAD_ID_KEY);
    const outcome = sa.get(OUTCOME_KEY);
    const attempts = sa.get(ATTEMPTS_KEY);
    const lastStatus = sa.get(LAST_STATUS_KEY);
    out.push({
      deliveryId: wf.workflowId,
      status: wf.status.name,
      ...(destination !== undefined ? { destination } : {}),
      ...(leadId !== undefined ? { leadId } : {}),
      ...(outcome !== undefined ? { outcome } : {}),
      ...(attempts !== undefined ? { attempts } : {}),
      ...(lastStatus !== undefined ? { lastStatus } : {}),
      startTime: wf.startTime.toISOString(),
    });
    if (out.length >= limit) break;
  }
  return out;
}
