/** Nearest-rank percentile of a list of numbers (unsorted is fine); undefined when empty. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export interface LatencySummary {
  p50_ms?: number;
  p95_ms?: number;
  p99_ms?: number;
}

export function summarizeLatency(values: readonly number[]): LatencySummary {
  const round = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 10) / 10);
  return { p50_ms: round(percentile(values, 50)), p95_ms: round(percentile(values, 95)), p99_ms: round(percentile(values, 99)) };
}

/** Runs `task(i)` for i in [0, count) with at most `lanes` in flight. */
export async function runBounded(count: number, lanes: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(lanes, count) }, lane));
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export const epochMs = () => performance.timeOrigin + performance.now();
