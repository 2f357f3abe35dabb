import type { Outcome } from '../core/delivery/outcome.js';

export interface BatchItem {
  deliveryId: string;
  /** False when the delivery already existed. */
  started: boolean;
  outcome?: Outcome;
  /** Waited for, it parked: retries exhausted, it waits for an operator (no outcome yet). */
  parked?: boolean;
  /** Client-side time from start to result, in milliseconds (only when waited for and ended; a parked lead has none). */
  latencyMs?: number;
}

export interface BatchSummary {
  total: number;
  started: number;
  existing: number;
  delivered: number;
  failed: number;
  errors: number;
  skipped: number;
  cancelled: number;
  /** Waiting for an operator: `leadwire retry` or `abandon` ends them. */
  parked: number;
  /** Median and 95th percentile of `latencyMs` (start to outcome, of the leads that ended), in milliseconds, when any were measured. */
  p50Ms?: number;
  p95Ms?: number;
}

/** Counts a batch by outcome and computes latency percentiles (nearest-rank). */
export function summarizeBatch(items: readonly BatchItem[]): BatchSummary {
  const count = (o: Outcome) => items.filter((i) => i.outcome === o).length;
  const latencies = items.map((i) => i.latencyMs).filter((l): l is number => l !== undefined).sort((a, b) => a - b);
  return {
    total: items.length,
    started: items.filter((i) => i.started).length,
    existing: items.filter((i) => !i.started).length,
    delivered: count('success'),
    failed: count('failure'),
    errors: count('error'),
    skipped: count('skipped'),
    cancelled: count('cancelled'),
    parked: items.filter((i) => i.parked).length,
    ...(latencies.length ? { p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95) } : {}),
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The summary as a small table for a terminal. */
export function formatBatchSummary(summary: BatchSummary, links: { label: string; url: string }[] = []): string {
  const rows: [string, string][] = [['leads', String(summary.total)]];
  if (summary.existing) rows.push(['already existed', String(summary.existing)]);
  const waited = summary.delivered + summary.failed + summary.errors + summary.skipped + summary.cancelled + summary.parked > 0;
  if (waited) {
    rows.push(['delivered', String(summary.delivered)], ['failed', String(summary.failed)], ['errors', String(summary.errors)], ['skipped', String(summary.skipped)]);
    if (summary.cancelled) rows.push(['cancelled', String(summary.cancelled)]);
    if (summary.parked) rows.push(['parked', String(summary.parked)]);
  } else {
    rows.push(['started', String(summary.started)]);
  }
  // Start to outcome: a parked lead has no outcome yet, so it is left out (and said so).
  const ofEnded = summary.parked ? ' (ended leads)' : '';
  if (summary.p50Ms !== undefined) rows.push([`latency p50${ofEnded}`, `${summary.p50Ms} ms`], [`latency p95${ofEnded}`, `${summary.p95Ms} ms`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v.padStart(8)}`);
  for (const link of links) lines.push(`  ${link.label.padEnd(width)}  ${link.url}`);
  return lines.join('\n');
}
