import type { BatchResult } from '../../shared/batch-types.js';
import type { DeliveryRow } from '../schema/ledger-database.js';
import type { DeliveryContext, DeliveryRecord } from './delivery-record.js';
import { deliveryRow } from './delivery-row.js';
import type { LeadProtection } from './lead-protection.js';

/**
 * The rows of a batch's leads: each lead is a delivery of its own (its delivery id), sent in
 * the batch's requests, so it shares their attempts, status and times. `contextOf` gives each
 * lead's own context (its lead, intake time, source, cost) by delivery id.
 */
export function batchRows(batch: BatchResult, contextOf: (deliveryId: string) => DeliveryContext, protection: LeadProtection): DeliveryRow[] {
  return batch.leads.map((lead) => {
    const record: DeliveryRecord = {
      deliveryId: lead.deliveryId,
      destination: batch.destination,
      leadId: lead.leadId,
      outcome: lead.outcome === 'pending' ? 'pending' : lead.outcome,
      reason: lead.reason,
      ...(lead.errorCode !== undefined ? { errorCode: lead.errorCode } : {}),
      fields: lead.fields ?? {},
      attempts: batch.attempts,
      ...(lead.price !== undefined ? { price: lead.price } : {}),
      ...(lead.reference !== undefined ? { reference: lead.reference } : {}),
      ...(batch.operatorActions ? { operatorActions: batch.operatorActions } : {}),
      ...(batch.response ? { response: batch.response } : {}),
      ...(batch.finishedAt ? { finishedAt: batch.finishedAt } : {}),
      batchId: batch.batchId,
    };
    return deliveryRow(record, { workflowId: batch.batchId, ...contextOf(lead.deliveryId) }, protection);
  });
}
