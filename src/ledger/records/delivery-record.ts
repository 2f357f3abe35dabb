import type { AttemptRecord, DeliveryResult } from '../../core/delivery/delivery-result.js';
import type { Outcome } from '../../core/delivery/outcome.js';
import type { Lead } from '../../core/lead/lead.js';

/** A delivery's state: `pending`, `retrying` and `parked` while it runs, then its outcome. */
export type LedgerOutcome = Outcome | 'pending' | 'retrying' | 'parked';

/** What the ledger is given about a delivery: its final DeliveryResult, or a snapshot while it runs (parked...). */
export type DeliveryRecord = Omit<DeliveryResult, 'outcome'> & {
  outcome: LedgerOutcome;
  /** ISO 8601 time the delivery parked, while it is parked. */
  parkedSince?: string;
};

/** What the workflow knows beside the record: the lead, when it arrived, where from, and what it cost. */
export interface DeliveryContext {
  /** The lead, for its hashed keys and allowed fields; never stored whole. */
  lead?: Lead;
  /** ISO 8601 time the lead arrived (the workflow's start). */
  intakeAt: string;
  /** Default: the delivery id. */
  workflowId?: string;
  runId?: string;
  source?: string;
  /** What the lead cost (`costFor`); for a flow's post, leave it out: writeDistribution allocates the distribution's cost. */
  cost?: number;
  currency: string;
  flowStep?: 'ping' | 'post';
  distributionId?: string;
  buyer?: string;
  /**
   * Overrides the version derived from the record. A later state must carry a higher version;
   * the same state written again (a retried activity, a replay) carries the same one.
   */
  version?: number;
}

const RANK: Record<LedgerOutcome, number> = { pending: 0, retrying: 1, parked: 2, success: 3, failure: 3, error: 3, skipped: 3, cancelled: 3 };

/**
 * The order of a delivery's states, from the record alone: attempts made, then operator actions,
 * then pending < retrying < parked < ended. Every step a delivery takes raises it: parked (3
 * attempts) < retried by an operator (3 attempts, 1 action) < the 4th attempt's outcome.
 */
export function deliveryVersion(record: Pick<DeliveryRecord, 'attempts' | 'operatorActions' | 'outcome'>): number {
  return record.attempts.length * 1000 + Math.min(record.operatorActions?.length ?? 0, 99) * 10 + RANK[record.outcome];
}

/** When the first 2xx response arrived: the end of the first attempt answered with a 2xx status. */
export function firstSuccessAt(attempts: readonly AttemptRecord[]): string | undefined {
  const first = attempts.find((a) => a.status !== undefined && a.status >= 200 && a.status < 300 && a.outcome === 'success');
  return first ? new Date(Date.parse(first.startedAt) + first.durationMs).toISOString() : undefined;
}

/**
 * Whether the lead was a duplicate: duplicate suppression kept it back (code DUPLICATE), or the
 * destination rejected it saying so (its reason or code names a duplicate).
 */
export function isDuplicate(record: Pick<DeliveryRecord, 'outcome' | 'errorCode' | 'reason'>): boolean {
  if (record.errorCode === 'DUPLICATE') return true;
  return record.outcome === 'failure' && /\bdup(e|licate[ds]?)?\b/i.test(`${record.errorCode ?? ''} ${record.reason}`);
}
