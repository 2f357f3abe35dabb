import type { BatchEntry } from './batch-records.js';
import type { CapWindows } from './cap-records.js';
import type { DeliveryPlan } from './delivery-plan.js';
import type { CapsPlan } from './flow-plan.js';
import type { RetryRequestV1 } from './v1/messages-v1.js';
import type { ContractVersion } from './version.js';

/**
 * Retry a waiting or parked delivery now, optionally with a corrected destination: a plan made
 * at the edge from a validated destination file, which the delivery validates in full again
 * before it takes it.
 */
export interface RetryRequest {
  v: ContractVersion;
  plan?: DeliveryPlan;
  /** Who or what asked, kept in the record. */
  requestedBy?: string;
}

/**
 * What the `retry` update and signal take: today's request, or a request with a destination
 * written out as a file has it (`{"destination": {...}}`: version 1's form, and what someone
 * sending it by hand writes), which the delivery validates in full and turns into a plan.
 */
export type RetryArgument = RetryRequest | RetryRequestV1;

/** End a waiting or parked delivery now, with its last failed outcome and this reason. */
export interface GiveUpRequest {
  v: ContractVersion;
  reason: string;
  requestedBy?: string;
}

/** What a delivery answers to an operator's `retry` or `giveUp` update: taken, and what happens now. Unchanged since version 1. */
export interface OperatorAnswer {
  action: 'retry' | 'retry-with-new-config' | 'give-up';
  /** The delivery's state when the action was taken. */
  state: 'rendering' | 'sending' | 'waiting-to-retry' | 'parked' | 'done';
  /** Attempts made so far. */
  attempts: number;
  /** What the delivery does now, in plain words. */
  message: string;
}

/**
 * Leads for a batcher (the `addLeads` signal): many per signal, so a bulk submit is a few
 * signals. A plain list, unchanged since version 1, so it carries no `v` (a signal per lead is
 * what the intake API sends: the list costs no bytes over the leads). The version that changes
 * it makes it an object with `v`, told apart from the list.
 */
export type AddLeadsRequest = BatchEntry[];

/** Reserve a place under a buyer's caps (the cap workflow's `reserve` update). */
export interface ReserveCapRequest {
  v: ContractVersion;
  /** Unique per lead and buyer (the post's delivery id): reserving twice is one reservation. */
  id: string;
  windows: CapWindows;
  caps: Pick<CapsPlan, 'per_hour' | 'per_day' | 'per_month'>;
}

/** Confirm or release a reserved place (the cap workflow's `confirm` and `release` updates). */
export interface SettleCapRequest {
  v: ContractVersion;
  id: string;
}
