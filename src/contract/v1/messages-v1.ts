import type { BatchEntry, BatchQueue } from '../batch-records.js';
import type { CapLedger, CapWindows } from '../cap-records.js';
import type { ConfigIssue } from '../config-issue.js';
import type { Lead } from '../lead.js';

// Version 1 of the stored contract: what release 0.1.0 (commit 7900274) wrote, which carries
// no `v`. Its plans were the config schema's own output: a parsed destination file (`lead_id_field`
// and all), a loaded flow whose buyers' destinations were parsed destination files. These types
// name what the upgrade to version 2 reads; the values inside a destination (body, auth, rules)
// have the shapes version 2's plan gives them (src/contract/request-plan.ts, response-plan.ts),
// which version 2 kept. Frozen: never edit a shape here. The records (leads, batch entries and
// queues, cap ledgers and windows) are unchanged in version 2 and typed by today's modules; the
// version that changes one copies its old shape in here first.

/** A parsed destination file, as version 1 stored it: validated, defaults filled by the schema of that day. */
export type DestinationV1 = Record<string, unknown>;

export interface DeliverLeadInputV1 {
  destination: DestinationV1;
  lead: Lead;
  deliveryId: string;
  leadId: string;
}

export interface DeliverBatchInputV1 {
  destination: DestinationV1;
  batchId: string;
  batcherId: string;
  entries: BatchEntry[];
}

export interface BatcherInputV1 {
  destination: DestinationV1;
  batchKey: string;
  queue?: BatchQueue;
  maxHistoryEvents?: number;
  indexBytes?: number;
}

export interface BuyerV1 {
  name: string;
  destination: DestinationV1;
  ping?: DestinationV1;
  caps?: Record<string, unknown>;
}

/** A loaded flow: the flow file's defaults applied, every buyer's destination parsed. */
export interface FlowV1 {
  name: string;
  strategy: string;
  lead_id_field?: string;
  sale?: string;
  max_sales?: number;
  max_buyers?: number;
  ping_timeout?: number;
  bid_ttl?: number;
  floor?: number;
  buyers: BuyerV1[];
}

export interface DistributeLeadInputV1 {
  flow: FlowV1;
  lead: Lead;
  distributionId: string;
  leadId: string;
}

export interface BuyerCapsInputV1 {
  buyer: string;
  ledger?: CapLedger;
  maxHistory?: number;
}

/** The `retry` update's and signal's argument: a corrected destination, parsed (or written by hand in that shape). */
export interface RetryRequestV1 {
  destination?: unknown;
  requestedBy?: string;
}

export interface GiveUpRequestV1 {
  reason: string;
  requestedBy?: string;
}

/** The `addLeads` signal's argument: the entries themselves. */
export type AddLeadsRequestV1 = BatchEntry[];

export interface ReserveCapRequestV1 {
  id: string;
  windows: CapWindows;
  caps: Record<string, unknown>;
}

export interface SettleCapRequestV1 {
  id: string;
}

/** sendLead's input (an activity: recorded, and possibly run by a newer worker). */
export interface SendInputV1 {
  destination: DestinationV1;
  lead: Lead;
  deliveryId: string;
  leadId?: string;
  now: string;
  attempt: number;
}

/** sendBatch's input. */
export interface SendBatchInputV1 {
  destination: DestinationV1;
  chunkId: string;
  entries: BatchEntry[];
  now: string;
}

/** reserveCap's, confirmCap's and releaseCap's input; capHasRoom's without `reservationId`. */
export interface CapCallV1 {
  buyer: string;
  caps: Record<string, unknown>;
  reservationId?: string;
}

/** validateCorrectedDestination's result: the problems by path, none when the destination is valid. */
export type ValidatedCorrectionV1 = ConfigIssue[];
