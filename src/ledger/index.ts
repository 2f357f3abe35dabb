/**
 * The lead ledger: every delivery, distribution, return, operator action and erasure in a
 * database that outlives Temporal's retention (docs/ledger.md). PostgreSQL in deployments,
 * PGlite embedded by default; the same SQL either way, through Kysely and node-postgres.
 */
export { openLedger, type Ledger, type OpenLedgerOptions } from './open-ledger.js';
export { readLedgerTarget, describeLedgerTarget, type LedgerTarget } from './config/ledger-target.js';
export { loadLedgerSettings, parseLedgerSettings } from './config/load-ledger-settings.js';
export { LedgerSettingsSchema, type LedgerSettings, type ReturnPolicy, type SourceRule } from './config/ledger-settings-schema.js';
export { migrateLedger, appliedMigrations } from './migrations/migrate-ledger.js';
export { deliveryRow } from './records/delivery-row.js';
export { deliveryVersion, firstSuccessAt, isDuplicate, type DeliveryContext, type DeliveryRecord, type LedgerOutcome } from './records/delivery-record.js';
export { distributionRows, type DistributionContext, type DistributionRows } from './records/distribution-rows.js';
export { batchRows } from './records/batch-rows.js';
export { keyHash, leadKeyHashes, unsealFields, type LeadProtection } from './records/lead-protection.js';
export { writeDelivery, type WriteOutcome } from './writers/write-delivery.js';
export { writeDistribution } from './writers/write-distribution.js';
export { recordOperatorActions } from './writers/record-operator-action.js';
export { costFor, margin, type LeadCost } from './money/cost-for.js';
export { recordReturn, type ReturnReceipt, type ReturnRequest } from './returns/record-return.js';
export { report } from './reports/report-query.js';
export { formatReportCsv, formatReportJson, formatReportTable } from './reports/format-report.js';
export { REPORT_DIMENSIONS, type Report, type ReportDimension, type ReportQuery, type ReportRow } from './reports/report-types.js';
export { pruneLedger, type PruneResult } from './retention/prune-ledger.js';
export { eraseLead, type ErasureResult, type ErasureSubject, type EraseOptions } from './erasure/erase-lead.js';
export { deleteLeadWorkflows } from './erasure/delete-lead-workflows.js';
