import type { CapDecision, CapLedger, CapWindows } from '../../contract/cap-records.js';
import type { ReserveCapRequest } from '../../contract/workflow-messages.js';

export type { CapDecision, CapLedger };

/** The windows `nowIso` counts in, in `timeZone`. Pure: the time is an argument. */
export function capWindows(nowIso: string, timeZone: string): CapWindows {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit' }).formatToParts(new Date(nowIso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const month = `${get('year')}-${get('month')}`;
  const day = `${month}-${get('day')}`;
  return { hour: `${day}T${get('hour')}`, day, month };
}

type Period = keyof CapWindows;
const PERIODS: readonly Period[] = ['hour', 'day', 'month'];
const LIMIT_OF: Record<Period, 'per_hour' | 'per_day' | 'per_month'> = { hour: 'per_hour', day: 'per_day', month: 'per_month' };

export const emptyCapLedger = (): CapLedger => ({ counts: {}, reservations: {} });

/** A reservation: what the cap workflow's `reserve` update carries (its `v` aside). */
type CapRequest = Pick<ReserveCapRequest, 'id' | 'windows' | 'caps'>;

const keyOf = (period: Period, windows: CapWindows) => `${period}:${windows[period]}`;

/**
 * Grants a place under every cap or refuses, changing the ledger only when granted. Meant to
 * be called one request at a time (the entity workflow's update handler), which makes it atomic.
 */
export function reserveCap(ledger: CapLedger, request: CapRequest): CapDecision {
  if (ledger.reservations[request.id]) return { granted: true };
  prune(ledger, request.windows);
  for (const period of PERIODS) {
    const limit = request.caps[LIMIT_OF[period]];
    if (limit === undefined) continue;
    const used = ledger.counts[keyOf(period, request.windows)] ?? 0;
    if (used >= limit) return { granted: false, reason: `cap reached: ${limit} per ${period} (${request.windows[period]})` };
  }
  for (const period of PERIODS) {
    const key = keyOf(period, request.windows);
    ledger.counts[key] = (ledger.counts[key] ?? 0) + 1;
  }
  ledger.reservations[request.id] = { windows: request.windows, state: 'held' };
  return { granted: true };
}

/** Gives a held place back (the post was rejected). A confirmed sale or an unknown id is left alone. */
export function releaseCap(ledger: CapLedger, id: string): boolean {
  const r = ledger.reservations[id];
  if (!r || r.state !== 'held') return false;
  for (const period of PERIODS) {
    const key = keyOf(period, r.windows);
    if (ledger.counts[key] !== undefined) ledger.counts[key] = Math.max(0, ledger.counts[key] - 1);
  }
  delete ledger.reservations[id];
  return true;
}

/** Marks a held place as sold (the post was accepted). */
export function confirmCap(ledger: CapLedger, id: string): boolean {
  const r = ledger.reservations[id];
  if (!r) return false;
  r.state = 'confirmed';
  return true;
}

/** The counts for the windows `windows` falls in: what an operator asks "how full is this buyer". */
export function capUsage(ledger: CapLedger, windows: CapWindows): Record<Period, number> {
  return { hour: ledger.counts[keyOf('hour', windows)] ?? 0, day: ledger.counts[keyOf('day', windows)] ?? 0, month: ledger.counts[keyOf('month', windows)] ?? 0 };
}

/** Drops counters and reservations of months before the current one, so the ledger stays small. */
function prune(ledger: CapLedger, current: CapWindows): void {
  for (const key of Object.keys(ledger.counts)) {
    const [period, window] = key.split(':') as [Period, string];
    if (window < current[period]) delete ledger.counts[key];
  }
  for (const [id, r] of Object.entries(ledger.reservations)) {
    if (r.windows.month < current.month) delete ledger.reservations[id];
  }
}
