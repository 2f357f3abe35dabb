import type { DeliveryRow } from '../schema/ledger-database.js';
import { deliveryVersion, firstSuccessAt, isDuplicate, type DeliveryContext, type DeliveryRecord } from './delivery-record.js';
import { leadKeyHashes, storedFields, type LeadProtection } from './lead-protection.js';

/** The ledger row of a delivery record: pure, apart from the random nonce of sealed fields. */
export function deliveryRow(record: DeliveryRecord, context: DeliveryContext, protection: LeadProtection): DeliveryRow {
  const last = record.attempts.at(-1);
  const status = record.response?.status ?? [...record.attempts].reverse().find((a) => a.status !== undefined)?.status;
  const ended = !['pending', 'retrying', 'parked'].includes(record.outcome);
  return {
    delivery_id: record.deliveryId,
    version: context.version ?? deliveryVersion(record),
    destination: record.destination,
    lead_id: record.leadId,
    key_hashes: leadKeyHashes(protection, record.leadId, context.lead),
    ...storedFields(protection, context.lead),
    outcome: record.outcome,
    reason: record.reason,
    error_code: record.errorCode ?? null,
    duplicate: isDuplicate(record),
    attempts: record.attempts.length,
    http_status: status ?? null,
    price: record.outcome === 'success' && record.price !== undefined ? record.price : null,
    reference: record.reference ?? null,
    intake_at: context.intakeAt,
    first_success_at: firstSuccessAt(record.attempts) ?? null,
    finished_at: ended ? (record.finishedAt ?? (last ? new Date(Date.parse(last.startedAt) + last.durationMs).toISOString() : context.intakeAt)) : null,
    parked_since: record.outcome === 'parked' ? (record.parkedSince ?? null) : null,
    operator_actions: JSON.stringify(record.operatorActions ?? []),
    flow_step: context.flowStep ?? null,
    distribution_id: context.distributionId ?? null,
    buyer: context.buyer ?? null,
    batch_id: record.batchId ?? null,
    workflow_id: context.workflowId ?? record.deliveryId,
    run_id: context.runId ?? null,
    source: context.source ?? null,
    cost: context.cost ?? null,
    currency: context.currency,
  };
}
