import { margin, roundMoney } from '../money/cost-for.js';
import type { Report, ReportRow } from './report-types.js';

/** A report line's outcomes, from the deliveries; `key` undefined for the total. */
export interface OutcomeLine {
  key: string | undefined;
  accepted: number;
  rejected: number;
  errors: number;
  duplicates: number;
  returned: number;
  gross: number;
  credited: number;
  p50: number | null;
  p95: number | null;
}

/** A report line's leads and cost. */
export interface CostLine {
  key: string | undefined;
  leads: number;
  cost: number;
}

/** Joins the outcome and cost lines by key into report rows, sorted by key, with the total (pure). */
export function mergeReport(head: Pick<Report, 'by' | 'since' | 'until' | 'currency'>, outcomes: readonly OutcomeLine[], costs: readonly CostLine[]): Report {
  const keys = [...new Set([...outcomes, ...costs].map((l) => l.key).filter((k): k is string => k !== undefined))].sort();
  const row = (key: string | undefined): ReportRow => {
    const o = outcomes.find((l) => l.key === key);
    const c = costs.find((l) => l.key === key);
    const accepted = o?.accepted ?? 0;
    const ended = accepted + (o?.rejected ?? 0) + (o?.duplicates ?? 0) + (o?.errors ?? 0);
    const revenue = roundMoney((o?.gross ?? 0) - (o?.credited ?? 0));
    const cost = roundMoney(c?.cost ?? 0);
    return {
      key: key ?? 'total',
      leads: c?.leads ?? 0,
      accepted,
      rejected: o?.rejected ?? 0,
      errors: o?.errors ?? 0,
      duplicates: o?.duplicates ?? 0,
      returned: o?.returned ?? 0,
      acceptanceRate: ended === 0 ? null : Math.round((accepted / ended) * 10_000) / 10_000,
      revenue,
      credited: roundMoney(o?.credited ?? 0),
      cost,
      margin: margin(revenue, cost),
      currency: head.currency,
      p50IntakeTo2xxMs: o?.p50 === null || o?.p50 === undefined ? null : Math.round(o.p50),
      p95IntakeTo2xxMs: o?.p95 === null || o?.p95 === undefined ? null : Math.round(o.p95),
    };
  };
  return { ...head, rows: keys.map(row), total: row(undefined) };
}
