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
  /**
   * A ping's bid window, in milliseconds (its flow's `ping_timeout`): every attempt is cut at
   * what is left of the window opened by its ping's send, and no retry starts after it
   * (src/core/flows/ping-window.ts). Absent for a post or a delivery, and in pings started
   * before the window was measured from the send (they send as their plan says, as before).
   */
  answerWithinMs?: number;
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
