import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** numeric columns: node-postgres reads them as strings (exact); written from numbers. */
export type Numeric = ColumnType<string, number | string, number | string>;
/** bigint columns: read as strings (they may pass 2^53). */
export type Int8 = ColumnType<string, number | string | bigint, number | string | bigint>;
/** timestamptz columns: read as Date, written from Date or ISO 8601 text. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;
/** `generated always as identity` bigint: read as a string, never written. */
export type IdentityId = ColumnType<string, never, never>;

/**
 * One row per delivery id: its latest known state. `version` orders the states a delivery
 * goes through; a write with a version not above the row's changes nothing.
 */
export interface DeliveriesTable {
  delivery_id: string;
  version: Int8;
  destination: string;
  lead_id: string;
  /** `<key>:<hmac>` for each lead key (lead id, email, phone...): found and erased by them, never readable. */
  key_hashes: string[];
  /** The allowed lead fields, when no codec key is configured. */
  lead_fields: Json<Record<string, unknown>> | null;
  /** The allowed lead fields, AES-256-GCM sealed with `sealed_key_id` (LEADWIRE_CODEC_KEYS). */
  sealed_fields: Buffer | null;
  sealed_key_id: string | null;
  /** pending, retrying, parked, then success, failure, error, skipped or cancelled. */
  outcome: string;
  reason: string;
  error_code: string | null;
  /** The destination said it already had the lead, or duplicate suppression kept it back. */
  duplicate: boolean;
  attempts: number;
  http_status: number | null;
  /** What the buyer pays for it (its `price`), when accepted. */
  price: Numeric | null;
  reference: string | null;
  intake_at: Timestamp;
  /** When the first 2xx response arrived. */
  first_success_at: Timestamp | null;
  finished_at: Timestamp | null;
  parked_since: Timestamp | null;
  operator_actions: Json<unknown[]>;
  /** For a flow's child: `ping` or `post`. */
  flow_step: string | null;
  distribution_id: string | null;
  buyer: string | null;
  batch_id: string | null;
  workflow_id: string;
  run_id: string | null;
  updated_at: Generated<Timestamp>;
  // Migration 0002:
  source: string | null;
  /** What the lead cost (plain deliveries), or this post's share of its distribution's cost. */
  cost: Numeric | null;
  currency: string | null;
  returned_at: Timestamp | null;
  credited: Numeric | null;
  /** Price and cost were set from the distribution (a sold flow post); the post's own write keeps them. */
  distribution_money: Generated<boolean>;
}

/** One row per distribution (a flow run for one lead). */
export interface DistributionsTable {
  distribution_id: string;
  version: Int8;
  flow: string;
  strategy: string;
  sale: string;
  lead_id: string;
  key_hashes: string[];
  /** pending, sold or unsold. */
  outcome: string;
  winner: string | null;
  sold_to: string[];
  sale_price: Numeric | null;
  total_price: Numeric | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  workflow_id: string;
  run_id: string | null;
  updated_at: Generated<Timestamp>;
  // Migration 0002:
  source: string | null;
  cost: Numeric | null;
  currency: string | null;
  credited: Numeric | null;
}

/** What happened with each buyer of a distribution. */
export interface DistributionBuyersTable {
  distribution_id: string;
  buyer: string;
  position: number;
  eligible: boolean;
  skipped: string | null;
  bid_price: Numeric | null;
  ping_outcome: string | null;
  post_delivery_id: string | null;
  post_outcome: string | null;
  post_reason: string | null;
  post_status: number | null;
  price: Numeric | null;
  sold: boolean;
}

/** An audit row per operator action on a delivery. */
export interface OperatorActionsTable {
  id: IdentityId;
  delivery_id: string;
  at: Timestamp;
  action: string;
  requested_by: string | null;
  reason: string | null;
}

/** A buyer's return of a lead it bought, and the amount credited. */
export interface ReturnsTable {
  id: IdentityId;
  delivery_id: string;
  distribution_id: string | null;
  lead_id: string;
  buyer: string;
  reason: string;
  credited: Numeric;
  currency: string;
  returned_at: Timestamp;
  recorded_at: Generated<Timestamp>;
}

/** An erasure, without the personal data: what was erased (as a keyed hash), when, by whom, how much. */
export interface ErasuresTable {
  id: IdentityId;
  /** `lead` or `email`. */
  subject: string;
  /** `<key>:<hmac>` of the erased lead id or email. Later writes for it are refused. */
  subject_hash: string;
  requested_by: string | null;
  erased_at: Timestamp;
  deliveries: number;
  distributions: number;
  returns: number;
  operator_actions: number;
  /** Workflow histories deleted from Temporal, when that part ran. */
  workflows: number | null;
}

export interface LedgerDatabase {
  deliveries: DeliveriesTable;
  distributions: DistributionsTable;
  distribution_buyers: DistributionBuyersTable;
  operator_actions: OperatorActionsTable;
  returns: ReturnsTable;
  erasures: ErasuresTable;
}

export type DeliveryRow = Insertable<DeliveriesTable>;
export type DeliveryRecordRow = Selectable<DeliveriesTable>;
export type DistributionRow = Insertable<DistributionsTable>;
export type DistributionBuyerRow = Insertable<DistributionBuyersTable>;
