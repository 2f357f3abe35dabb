import { describe, expect, it } from 'vitest';
import { performanceSection, readmeSection, replaceBetween, runLine, type BenchReport } from '../../../bench/bench-tables.js';

const report = (over: Partial<BenchReport> = {}): BenchReport => ({
  date: '2026-12-07T19:30:12.000Z',
  mode: 'full',
  command: 'npm run bench',
  duration_seconds: 469,
  machine: { cpus: 2, cpu_model: 'Intel Xeon', memory_gb: 24, node: 'v20.20.2', load_average_at_start: [1.1, 0.9, 0.8] },
  scenarios: [
    { name: 'empty-workflow', server: 'dev', leads: 2000, delivered: 2000, seconds: 52.1, leads_per_second: 38.4, p50_ms: 830, p95_ms: 1000, p99_ms: 1200, worker_peak_rss_mb: 324, lanes: 32, peak_open: 32 },
  ],
  self_check: { closed_loop: { ok: true, peak_open: { 'empty-workflow': 32 } } },
  targets: [{ target: 'single >= 0.8 x empty-workflow', met: false, value: '0.73' }],
  ...over,
});

describe('the bench tables, regenerated from results.json', () => {
  it('replace only what lies between the markers, and refuse a file without them', () => {
    const text = 'before\n<!-- a -->\nold table\n<!-- b -->\nafter\n';
    expect(replaceBetween(text, ['<!-- a -->', '<!-- b -->'], 'new table\n', 'x.md')).toBe('before\n<!-- a -->\nnew table\n<!-- b -->\nafter\n');
    expect(() => replaceBetween('no markers', ['<!-- a -->', '<!-- b -->'], '', 'docs/x.md')).toThrow(/docs\/x.md has no <!-- a --> ... <!-- b --> pair/);
  });

  it('say when, how, on what and how loaded the run was, and warn when it was not a quiet full run', () => {
    expect(runLine(report())).toBe('Full run, 2026-12-07 19:30 UTC: `npm run bench` (7 min 49 s). 2 × Intel Xeon, 24 GB, Node v20.20.2; load average 1.1 at the start.');
    const busy = runLine(report({ mode: 'quick', command: 'npm run bench -- --quick', machine: { ...report().machine, load_average_at_start: [9.5, 8, 7] } }));
    expect(busy).toContain('**Not a quiet run**: the load average was 9.5');
    expect(busy).toContain('**A quick run**');
    expect(runLine(report({ command: 'npm run bench -- --only single' }))).toContain('**Some scenarios only**');
  });

  it('carry the scenario table, the closed loop’s self-check and the targets', () => {
    const readme = readmeSection(report());
    expect(readme).toContain('### The latest run');
    expect(readme).toMatch(/\| empty-workflow \| dev \| closed, 32 \| 2000 \| 2000 \| 52\.10 \| 38\.4 \| 830 \|/);
    expect(readme).toContain('Self-check: passed. The most workflows open at once in each closed-loop row (32 lanes, each awaiting its workflow\'s result before starting the next): empty-workflow 32.');
    expect(readme).toContain('| single >= 0.8 x empty-workflow | 0.73 | missed |');
    const perf = performanceSection(report());
    expect(perf).toContain('| single >= 0.8 x empty-workflow | 0.73 | missed |');
    expect(perf).toContain('(../bench/README.md#the-latest-run)');
  });
});
