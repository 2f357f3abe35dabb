import type { BatchEntry, BatchQueue } from './batch-records.js';
import type { CapLedger } from './cap-records.js';
import type { BatchDeliveryPlan, DeliveryPlan } from './delivery-plan.js';
import type { FlowPlan } from './flow-plan.js';
import type { Lead } from './lead.js';
import type { ContractVersion } from './version.js';

/** What a deliverLead workflow starts with. Secret references stay unresolved in it. */
export interface DeliverLeadInput {
  v: ContractVersion;
  plan: DeliveryPlan;
  lead: Lead;
  deliveryId: string;
  leadId: string;
}

/** What a deliverBatch workflow starts with. */
export interface DeliverBatchInput {
  v: ContractVersion;
  plan: BatchDeliveryPlan;
  batchId: string;
  batcherId: string;
  entries: BatchEntry[];
}

/** What a leadBatcher workflow starts (or continues as new) with. */
export interface BatcherInput {
  v: ContractVersion;
  plan: BatchDeliveryPlan;
  /** Value of `batch.key` for this batcher's leads; '' without a key. */
  batchKey: string;
  /** Carried across continue-as-new. */
  queue?: BatchQueue;
  /** History length (events) at which the batcher continues as new; default 4000. */
  maxHistoryEvents?: number;
  /** Search-attribute bytes for each batch's lead index (default 2000: Temporal's 2 KB value limit). */
  indexBytes?: number;
}

/** What a distributeLead workflow starts with. Secret references stay unresolved in it. */
export interface DistributeLeadInput {
  v: ContractVersion;
  flow: FlowPlan;
  lead: Lead;
  distributionId: string;
  leadId: string;
}

/** What a buyer's cap entity workflow (`cap:<buyer>`) starts, or continues as new, with. */
export interface BuyerCapsInput {
  v: ContractVersion;
  buyer: string;
  ledger?: CapLedger;
  /** Continue as new past this many history events (default 2000; tests lower it). */
  maxHistory?: number;
}
