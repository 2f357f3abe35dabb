import type { AttemptRecord, OperatorAction } from '../../core/delivery/delivery-result.js';
import type { RenderedRequest } from '../../core/render/rendered-request.js';
import type { BuyerRecord, FlowResult } from '../../core/flows/flow-result.js';
import type { DeliveryPlan } from '../../contract/delivery-plan.js';
import type { LoopStatus } from '../../shared/loop-status.js';

/**
 * Where the console reads everything it shows. One implementation per source, composed by
 * `composeConsoleData`: today Temporal's visibility, queries and histories
 * (`temporalConsoleData`); the lead ledger (issue 24) will answer deliveries, distributions
 * and reports beyond Temporal's retention, and the limits (issue 23) destinations' and
 * buyers' health. A part whose source is not there answers `Unavailable`, and its page says so.
 */
export interface ConsoleData {
  deliveries: DeliverySource;
  distributions: DistributionSource;
  /** Destinations and buyers: limits, circuit, rate, waiting leads, pauses (issue 23). */
  partners: PartnerSource | Unavailable;
  /** Counts and money by buyer, destination, source and day (issue 24's ledger). */
  reports: ReportSource | Unavailable;
}

/** A part of the console whose data does not exist yet; `needs` names what brings it. */
export interface Unavailable {
  available: false;
  needs: 'ledger' | 'limits';
  /** One sentence for the page. */
  why: string;
}

export const isUnavailable = (part: object): part is Unavailable => (part as Partial<Unavailable>).available === false;

/** Server-side paging: an opaque cursor from the previous page (absent: the first page). */
export interface PageRequest {
  cursor?: string;
  /** Rows per page (the console asks for 50). */
  size: number;
}

export interface Page<T> {
  rows: T[];
  /** The cursor of the next page; absent on the last one. */
  next?: string;
  /** How many match in all, when the source can count them cheaply. */
  total?: number;
}

/** Every outcome the console colours: a delivery's final ones, and the states it shows while it runs. */
export const CONSOLE_OUTCOMES = ['success', 'failure', 'error', 'skipped', 'duplicate', 'parked', 'retrying', 'pending', 'cancelled'] as const;
export type ConsoleOutcome = (typeof CONSOLE_OUTCOMES)[number];

export interface DeliveryFilter {
  outcome?: ConsoleOutcome;
  destination?: string;
  buyer?: string;
  leadId?: string;
  /** ISO 8601: started at or after. */
  since?: string;
  /** ISO 8601: started before. */
  until?: string;
  /** Only deliveries that are still running (the ones an operator can retry or give up). */
  runningOnly?: boolean;
}

export interface DeliveryRow {
  deliveryId: string;
  /** The outcome the console shows; `unknown` when the source has none. */
  outcome: ConsoleOutcome | 'unknown';
  running: boolean;
  destination?: string;
  leadId?: string;
  buyer?: string;
  attempts?: number;
  lastStatus?: number;
  startedAt: string;
  /** The last reason (the record's or the last attempt's), when the source has it. */
  reason?: string;
}

/** Everything the delivery page shows. */
export interface DeliveryDetail {
  row: DeliveryRow;
  /** The live state while it runs (attempts so far, next attempt, parked until). */
  live?: LoopStatus;
  /** The record, once it has ended. */
  result?: {
    outcome: string;
    reason: string;
    errorCode?: string;
    price?: number;
    reference?: string;
    finishedAt?: string;
    operatorActions?: OperatorAction[];
  };
  attempts: AttemptRecord[];
  /** The last rendered request, secrets masked, as the delivery recorded it; absent when not known. */
  request?: RenderedRequest;
  /** The destination the delivery started with (secret references unresolved), for a corrected retry. */
  destination?: DeliveryPlan;
  /** Where to read its full history (the Temporal Web UI), when known. */
  historyUrl?: string;
}

export interface DeliverySource {
  list(filter: DeliveryFilter, page: PageRequest): Promise<Page<DeliveryRow>>;
  /** How many match, by outcome (the list's chart). */
  countByOutcome(filter: Omit<DeliveryFilter, 'outcome'>): Promise<Partial<Record<ConsoleOutcome, number>>>;
  /** One delivery, or undefined when there is none with that id. */
  get(deliveryId: string): Promise<DeliveryDetail | undefined>;
}

export interface DistributionFilter {
  outcome?: 'pending' | 'sold' | 'unsold';
  buyer?: string;
  leadId?: string;
  since?: string;
  until?: string;
}

export interface DistributionRow {
  distributionId: string;
  outcome: 'pending' | 'sold' | 'unsold' | 'unknown';
  running: boolean;
  flow?: string;
  leadId?: string;
  soldTo?: string[];
  price?: number;
  startedAt: string;
}

/** A buyer on a distribution's page: its record, and its caps as configured when the flow started. */
export interface DistributionBuyer extends BuyerRecord {
  /** The buyer's caps as the flow had them (per hour, day, month); usage at that moment needs the ledger. */
  caps?: Partial<Record<'per_hour' | 'per_day' | 'per_month', number>>;
}

export interface DistributionDetail {
  row: DistributionRow;
  /** The record so far (running) or in full (ended). */
  record?: Partial<Omit<FlowResult, 'buyers'>>;
  buyers: DistributionBuyer[];
  historyUrl?: string;
}

export interface DistributionSource {
  list(filter: DistributionFilter, page: PageRequest): Promise<Page<DistributionRow>>;
  get(distributionId: string): Promise<DistributionDetail | undefined>;
}

/** Issue 23 fills this in: one row per destination and buyer. */
interface PartnerRow {
  name: string;
  kind: 'destination' | 'buyer';
  circuit?: 'closed' | 'open' | 'half-open';
  limit?: { perSecond?: number; inFlight?: number };
  currentRate?: number;
  waiting?: number;
  paused?: { by: string; reason: string; at: string };
  caps?: { window: string; used: number; cap: number }[];
}

export interface PartnerSource {
  list(): Promise<PartnerRow[]>;
}

/** Issue 24 fills this in: the ledger's report rows. */
interface ReportQuery {
  by: 'buyer' | 'destination' | 'source' | 'day';
  since: string;
  until: string;
}

interface ReportRow {
  key: string;
  leads: number;
  accepted: number;
  rejected: number;
  errors: number;
  duplicates: number;
  returned: number;
  revenue?: number;
  cost?: number;
  currency?: string;
}

export interface ReportSource {
  report(query: ReportQuery): Promise<ReportRow[]>;
}
