import os from 'node:os';
import type { ScenarioResult } from './bench-scenarios.js';
import type { ServerKind } from './bench-target.js';
import type { ScaleOutResult } from './scale-out.js';

export interface BenchRatios {
  /** single leads/s over empty-workflow workflows/s; target at least 0.8. */
  single_over_empty?: number;
  /** single leads/s over trivial-workflow workflows/s. */
  single_over_trivial?: number;
  /** batch leads/s over batch size x empty-workflow workflows/s; target at least 0.5. */
  batch_over_empty_x_size?: number;
  /** batch leads/s over raw-http requests/s. */
  batch_over_raw_http?: number;
  /** History events per successful single delivery (each a first-try success); target at most 10. */
  single_history_events_per_lead?: number;
  batch_history_events_per_lead?: number;
  /** Latency sweep: leadwire's p99 over the trivial baseline's p99 at each offered rate; target at most 1.2. */
  sweep_p99_over_trivial?: Record<string, number | undefined>;
  /** With `--cluster`: the cluster's leads/s over the dev server's, same scenario, same run. */
  cluster_over_dev?: { single?: number; batch?: number };
}

export interface TargetCheck {
  target: string;
  met: boolean | undefined;
  value: string;
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu_model: cpus[0]?.model ?? 'unknown',
    memory_gb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    load_average_at_start: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** A scenario's result on one server (the dev server's unless said): ratios and targets are the dev server's. */
const find = (results: ScenarioResult[], name: string, server: ServerKind = 'dev') => results.find((r) => r.name === name && (r.server ?? 'dev') === server && !r.error);
const ratio = (a?: number, b?: number) => (a === undefined || b === undefined || b === 0 ? undefined : Math.round((a / b) * 1000) / 1000);

/** A latency sweep row: `latency 50% leadwire`. */
const sweepRow = (results: ScenarioResult[], fraction: number, path: string) => find(results, `latency ${Math.round(fraction * 100)}% ${path}`);
const sweepFractions = (results: ScenarioResult[]) => [...new Set(results.filter((r) => r.rate_fraction !== undefined && (r.server ?? 'dev') === 'dev').map((r) => r.rate_fraction!))].sort((a, b) => a - b);

export function computeRatios(results: ScenarioResult[], batchSize: number): BenchRatios {
  const single = find(results, 'single');
  const batch = find(results, 'batch');
  const empty = find(results, 'empty-workflow');
  const onCluster = results.some((r) => r.server === 'cluster');
  const fractions = sweepFractions(results);
  return {
    single_over_empty: ratio(single?.leads_per_second, empty?.leads_per_second),
    single_over_trivial: ratio(single?.leads_per_second, find(results, 'trivial-workflow')?.leads_per_second),
    batch_over_empty_x_size: ratio(batch?.leads_per_second, empty && empty.leads_per_second * batchSize),
    batch_over_raw_http: ratio(batch?.leads_per_second, find(results, 'raw-http')?.leads_per_second),
    single_history_events_per_lead: single?.history_events_per_lead,
    batch_history_events_per_lead: batch?.history_events_per_lead,
    ...(fractions.length
      ? { sweep_p99_over_trivial: Object.fromEntries(fractions.map((f) => [`${Math.round(f * 100)}%`, ratio(sweepRow(results, f, 'leadwire')?.p99_ms, sweepRow(results, f, 'trivial')?.p99_ms)])) }
      : {}),
    ...(onCluster
      ? {
          cluster_over_dev: {
            single: ratio(find(results, 'single', 'cluster')?.leads_per_second, single?.leads_per_second),
            batch: ratio(find(results, 'batch', 'cluster')?.leads_per_second, batch?.leads_per_second),
          },
        }
      : {}),
  };
}

/** The issue's targets (issue 14), each met, missed, or not measured in this run (undefined). */
export function checkTargets(results: ScenarioResult[], ratios: BenchRatios, batchSize: number, workerLifetimePeakMb: number): TargetCheck[] {
  const empty = find(results, 'empty-workflow');
  const batch = find(results, 'batch');
  const batchTarget = empty ? 0.5 * batchSize * empty.leads_per_second : undefined;
  const half = sweepRow(results, 0.5, 'leadwire');
  const measured = results.filter((r) => !r.error && r.worker_peak_rss_mb > 0);
  const worst = measured.reduce<ScenarioResult | undefined>((a, r) => (!a || r.worker_peak_rss_mb > a.worker_peak_rss_mb ? r : a), undefined);
  const rssPeak = Math.max(workerLifetimePeakMb, worst?.worker_peak_rss_mb ?? 0);
  const sandboxPeak = Math.max(0, ...measured.map((r) => r.sandbox_peak_rss_mb ?? 0));
  const isMet = (value: number | undefined, ok: (v: number) => boolean) => (value === undefined ? undefined : ok(value));
  return [
    { target: 'single >= 0.8 x empty-workflow', met: isMet(ratios.single_over_empty, (v) => v >= 0.8), value: `${fmt(ratios.single_over_empty)} (${fmt(find(results, 'single')?.leads_per_second)} vs ${fmt(empty?.leads_per_second)} per s)` },
    { target: 'a first-try success in <= 10 history events', met: isMet(ratios.single_history_events_per_lead, (v) => v <= 10), value: fmt(ratios.single_history_events_per_lead) },
    { target: 'p99 <= 150 ms at 50% of empty-workflow (leadwire, start call to 2xx)', met: isMet(half?.p99_ms, (v) => v <= 150), value: fmt(half?.p99_ms, ' ms') },
    ...Object.entries(ratios.sweep_p99_over_trivial ?? {}).map(([at, r]) => ({
      target: `p99 <= 1.2 x trivial p99 at ${at} of empty-workflow`,
      met: isMet(r, (v) => v <= 1.2),
      value: `${fmt(r)} (${fmt(sweepRow(results, Number.parseInt(at, 10) / 100, 'leadwire')?.p99_ms, ' ms')} vs ${fmt(sweepRow(results, Number.parseInt(at, 10) / 100, 'trivial')?.p99_ms, ' ms')})`,
    })),
    {
      target: `batch >= 0.5 x ${batchSize} x empty-workflow${batchTarget === undefined ? '' : ` (${Math.round(batchTarget)} leads/s)`}`,
      met: batch && batchTarget !== undefined ? batch.leads_per_second >= batchTarget : undefined,
      value: `${fmt(batch?.leads_per_second, ' leads/s')} (${fmt(ratios.batch_over_empty_x_size)} x)`,
    },
    {
      target: 'worker peak RSS < 400 MB in every scenario',
      met: rssPeak > 0 ? rssPeak < 400 : undefined,
      value: `${fmt(rssPeak, ' MB')}${worst ? ` (highest: ${worst.name}${worst.server === 'cluster' ? ' on the cluster' : ''} ${worst.worker_peak_rss_mb} MB; lifetime ${workerLifetimePeakMb} MB)` : ''}; sandbox processes, reported apart: up to ${fmt(sandboxPeak, ' MB')}`,
    },
  ];
}

export interface ClosedLoopCheck {
  /** Whether every closed-loop row had at most its lanes' workflows open at once; undefined when none ran. */
  ok: boolean | undefined;
  /** The most workflows open at once, by row (`single`, `single on the cluster`). */
  peak_open: Record<string, number>;
  line: string;
}

/**
 * The bench's self-check of its closed loop: in each row that starts one workflow per lead from
 * lanes (each lane awaits its workflow's result before starting the next), the lanes counted the
 * workflows open at once, and no more than the lanes may have been.
 */
export function checkClosedLoop(results: ScenarioResult[]): ClosedLoopCheck {
  const rows = results.filter((r) => r.lanes !== undefined && r.peak_open !== undefined && !r.error);
  const label = (r: ScenarioResult) => (r.server === 'cluster' ? `${r.name} on the cluster` : r.name);
  const peak_open = Object.fromEntries(rows.map((r) => [label(r), r.peak_open!]));
  const over = rows.filter((r) => r.peak_open! > r.lanes!);
  const ok = rows.length === 0 ? undefined : over.length === 0;
  const lanes = [...new Set(rows.map((r) => r.lanes))].join(' or ');
  const detail = rows.map((r) => `${label(r)} ${r.peak_open}`).join(', ');
  const line =
    ok === undefined
      ? '[ -- ] closed loop: no closed-loop scenario ran'
      : `${ok ? '[ ok ]' : '[FAIL]'} closed loop, at most ${lanes} workflows open at once (the lanes): most open at once ${detail}${ok ? '' : `; over the lanes: ${over.map(label).join(', ')}`}`;
  return { ok, peak_open, line };
}

function fmt(value: number | undefined, unit = ''): string {
  if (value === undefined) return 'n/a';
  return `${Math.round(value * 100) / 100}${unit}`;
}

/**
 * How a row's work was offered, which decides what its latency columns mean: `closed, 32` (lanes
 * each awaiting its lead before the next), `open 9.6/s` (the sweep's fixed rate), `all at once`.
 */
export function loadOf(r: ScenarioResult): string {
  if (r.lanes !== undefined) return `closed, ${r.lanes}`;
  if (r.offered_per_second !== undefined) return `open ${r.offered_per_second}/s`;
  return r.name === 'batch' ? 'all at once' : '';
}

/** The results as a Markdown table (also readable on a terminal). */
export function formatTable(results: ScenarioResult[]): string {
  const header = ['scenario', 'server', 'load', 'leads', 'delivered', 'seconds', 'leads/s', 'p50 ms', 'p95 ms', 'p99 ms', 'events/lead', 'worker RSS MB', 'sandbox RSS MB'];
  const rows = results.map((r) =>
    r.error
      ? [r.name, r.server ?? 'dev', loadOf(r), String(r.leads), 'FAILED', '', '', '', '', '', '', r.error, '']
      : [r.name, r.server ?? 'dev', loadOf(r), String(r.leads), String(r.delivered), r.seconds.toFixed(2), r.offered_per_second === undefined ? String(r.leads_per_second) : `${r.leads_per_second} (${r.offered_per_second} offered)`, fmt(r.p50_ms), fmt(r.p95_ms), fmt(r.p99_ms), fmt(r.history_events_per_lead), String(r.worker_peak_rss_mb), fmt(r.sandbox_peak_rss_mb)],
  );
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function formatRatios(ratios: BenchRatios, targets: TargetCheck[]): string {
  const lines = [
    `single / empty-workflow throughput:   ${fmt(ratios.single_over_empty)}`,
    `single / trivial-workflow throughput: ${fmt(ratios.single_over_trivial)}`,
    `batch / (batch size x empty-workflow): ${fmt(ratios.batch_over_empty_x_size)}`,
    `batch / raw-http leads per second:    ${fmt(ratios.batch_over_raw_http)}`,
    ...(ratios.sweep_p99_over_trivial ? [`latency p99, leadwire / trivial:     ${Object.entries(ratios.sweep_p99_over_trivial).map(([at, r]) => `${at} ${fmt(r)}`).join(', ')}`] : []),
    `history events per delivered lead:    single ${fmt(ratios.single_history_events_per_lead)}, batch ${fmt(ratios.batch_history_events_per_lead)}`,
    ...(ratios.cluster_over_dev ? [`cluster / dev server leads per second: single ${fmt(ratios.cluster_over_dev.single)}, batch ${fmt(ratios.cluster_over_dev.batch)}`] : []),
    '',
    formatTargets(targets),
  ];
  return lines.join('\n');
}

export function formatTargets(targets: TargetCheck[]): string {
  return targets.map((t) => `${t.met === undefined ? '[ -- ]' : t.met ? '[ ok ]' : '[MISS]'} ${t.target}: ${t.value}`).join('\n');
}

/** The scale-out runs as a Markdown table: one row per run, deliveries per worker process. */
export function formatScaleOut(results: ScaleOutResult[]): string {
  const header = ['server', 'workers', 'leads', 'delivered', 'received (requests)', 'seconds', 'leads/s', 'p99 ms', 'deliveries per worker', 'check'];
  const rows: string[][] = [];
  for (const result of results) {
    if (result.error) rows.push([result.server, '', String(result.leads_per_run), 'FAILED', '', '', '', '', '', result.error]);
    for (const run of result.runs) {
      const workers = run.killed ? `${run.workers}, ${run.killed.worker} SIGKILLed at ${run.killed.at_seconds} s` : String(run.workers);
      const perWorker = run.per_worker.map((t) => `${t.worker} ${t.deliveries}${run.killed?.worker === t.worker ? ' (killed)' : ''}`).join(', ');
      const moved = run.killed ? `; ${run.killed.finished_elsewhere} of the killed worker's deliveries finished by the others, ${run.worker_lost_attempts} WORKER_LOST` : '';
      rows.push([result.server, workers, String(run.leads), String(run.delivered), `${run.received} (${run.requests})`, run.seconds.toFixed(2), String(run.leads_per_second), fmt(run.p99_ms), perWorker + moved, run.problems.length ? `FAILED: ${run.problems.join('; ')}` : 'ok']);
    }
  }
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * CPU milliseconds per lead of each process, per scenario and server: the server's processes,
 * their sum, and the worker the scenario ran on (`bench-worker`, with its sandbox processes).
 * `raw-http` is left out: no Temporal in it.
 */
export function formatCpu(results: ScenarioResult[]): string {
  const measured = results.filter((r) => r.cpu_seconds && !r.error && r.name !== 'raw-http');
  const order = ['dev-server', 'postgres', 'history', 'matching', 'frontend', 'temporal-worker'];
  const groups = order.filter((g) => measured.some((r) => r.cpu_seconds![g] !== undefined));
  const header = ['scenario', 'server', ...groups, 'server total', 'bench-worker'];
  const rows = measured.map((r) => {
    const perLead = (seconds: number | undefined) => (seconds === undefined ? '' : fmt((seconds * 1000) / r.leads));
    const serverSeconds = groups.reduce((sum, g) => sum + (r.cpu_seconds![g] ?? 0), 0);
    return [r.name, r.server ?? 'dev', ...groups.map((g) => perLead(r.cpu_seconds![g])), perLead(serverSeconds), perLead(r.cpu_seconds!['bench-worker'])];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
