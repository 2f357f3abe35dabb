/** The calendar hour, day and month an instant falls in, in a time zone: `2026-11-30T14`, `2026-11-30`, `2026-11`. */
export interface CapWindows {
  hour: string;
  day: string;
  month: string;
}

/** One reserved sale: held while its post is under way, confirmed when the buyer accepted. */
export interface CapReservation {
  windows: CapWindows;
  state: 'held' | 'confirmed';
}

/**
 * A buyer's cap counters: the state of its `cap:<buyer>` entity workflow. Counts are per
 * window key (`day:2026-11-30`); held and confirmed reservations both count, so leads that
 * arrive together cannot overshoot a cap while their posts are still under way.
 */
export interface CapLedger {
  counts: Record<string, number>;
  reservations: Record<string, CapReservation>;
}

/** A cap workflow's answer to a reservation, and a cap check's. */
export type CapDecision = { granted: true } | { granted: false; reason: string };
