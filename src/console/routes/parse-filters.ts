import { CONSOLE_OUTCOMES, type ConsoleOutcome, type DeliveryFilter, type DistributionFilter } from '../data/console-data.js';

type Query = Record<string, unknown>;

const text = (q: Query, name: string, max = 500): string | undefined => {
  const v = q[name];
  const s = typeof v === 'string' ? v.trim() : undefined;
  return s ? s.slice(0, max) : undefined;
};

/** A datetime-local value ("2026-05-01T10:02", read as UTC) or an ISO time, as ISO 8601; anything else is dropped. */
export function timeFilter(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const withZone = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(value) ? `${value}Z` : value;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The deliveries list's filters from its query string; unknown outcomes and malformed times are dropped, never passed on. */
export function parseDeliveryFilter(q: Query): DeliveryFilter {
  const outcome = text(q, 'outcome');
  const optional = {
    outcome: CONSOLE_OUTCOMES.includes(outcome as ConsoleOutcome) ? (outcome as ConsoleOutcome) : undefined,
    destination: text(q, 'destination'),
    buyer: text(q, 'buyer'),
    leadId: text(q, 'leadId'),
    since: timeFilter(text(q, 'since')),
    until: timeFilter(text(q, 'until')),
  };
  return Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as DeliveryFilter;
}

export function parseDistributionFilter(q: Query): DistributionFilter {
  const outcome = text(q, 'outcome');
  const optional = {
    outcome: outcome === 'pending' || outcome === 'sold' || outcome === 'unsold' ? outcome : undefined,
    buyer: text(q, 'buyer'),
    leadId: text(q, 'leadId'),
    since: timeFilter(text(q, 'since')),
    until: timeFilter(text(q, 'until')),
  };
  return Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as DistributionFilter;
}

/** A page cursor as the data source gave it (base64url); anything else starts at the first page. */
export const parseCursor = (q: Query): string | undefined => {
  const c = text(q, 'cursor', 4000);
  return c && /^[A-Za-z0-9_-]+$/.test(c) ? c : undefined;
};

/** A form field that may come once or many times (checkboxes), as a list of non-empty strings. */
export function manyValues(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string' && v.length > 0);
}
