import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatBatchSummary, percentile, summarizeBatch } from '../../../src/cli/batch-summary.js';
import { mapBounded } from '../../../src/cli/map-bounded.js';
import { createProgress } from '../../../src/cli/progress-bar.js';
import { webUiBase, workflowsLink } from '../../../src/cli/web-ui-link.js';

describe('batch summary', () => {
  it('counts outcomes and reports nearest-rank p50/p95 latency', () => {
    const items = Array.from({ length: 20 }, (_, i) => ({
      deliveryId: `d-${i}`,
      started: i !== 0,
      outcome: i < 16 ? ('success' as const) : i < 18 ? ('failure' as const) : i < 19 ? ('error' as const) : ('skipped' as const),
      latencyMs: (i + 1) * 10,
    }));
    const summary = summarizeBatch(items);
    expect(summary).toEqual({ total: 20, started: 19, existing: 1, delivered: 16, failed: 2, errors: 1, skipped: 1, cancelled: 0, parked: 0, p50Ms: 100, p95Ms: 190 });
    const table = formatBatchSummary(summary, [{ label: 'Web UI', url: 'http://ui/x' }]);
    expect(table).toMatch(/delivered\s+16/);
    expect(table).toMatch(/latency p95\s+190 ms/);
    expect(table).toMatch(/Web UI\s+http:\/\/ui\/x/);
  });

  // Issue 21: parked leads have no outcome yet; their time to park is not a delivery latency.
  it('counts parked leads apart and leaves them out of the latency', () => {
    const summary = summarizeBatch([
      { deliveryId: 'a', started: true, outcome: 'success', latencyMs: 40 },
      { deliveryId: 'b', started: true, parked: true },
      { deliveryId: 'c', started: true, parked: true },
    ]);
    expect(summary).toMatchObject({ delivered: 1, parked: 2, p50Ms: 40, p95Ms: 40 });
    const table = formatBatchSummary(summary);
    expect(table).toMatch(/parked\s+2/);
    expect(table).toMatch(/latency p50 \(ended leads\)\s+40 ms/);
  });

  it('percentile of one value is that value', () => {
    expect(percentile([42], 50)).toBe(42);
    expect(percentile([42], 95)).toBe(42);
  });
});

describe('mapBounded', () => {
  it('never runs more than the limit at once and keeps the order', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapBounded([...Array(25).keys()], 4, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await Promise.resolve();
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return n * 2;
    });
    expect(most).toBe(4);
    expect(out).toEqual([...Array(25).keys()].map((n) => n * 2));
  });
});

describe('web UI links', () => {
  it('follows the dev server convention, or TEMPORAL_UI_URL', () => {
    expect(webUiBase('127.0.0.1:7233', {})).toBe('http://127.0.0.1:8233');
    expect(webUiBase('localhost:7233', { TEMPORAL_UI_URL: 'https://ui.example.com/' })).toBe('https://ui.example.com');
    expect(workflowsLink('http://ui', 'default', 'LeadwireOutcome="failure"')).toBe('http://ui/namespaces/default/workflows?query=LeadwireOutcome%3D%22failure%22');
  });
});

describe('progress bar', () => {
  const stream = (tty: boolean) => {
    const chunks: string[] = [];
    const s = new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) }) as unknown as NodeJS.WriteStream;
    Object.assign(s, { isTTY: tty, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    return { s, chunks };
  };

  it('draws on a terminal, with counts of ok and failed', () => {
    const { s, chunks } = stream(true);
    const p = createProgress({ total: 3, enabled: true, label: 'delivering', stream: s });
    p.tick('success');
    p.tick('failure');
    p.tick('success');
    p.stop();
    expect(chunks.join('')).toMatch(/delivering \[.*\] 3\/3 100% \| ok 2 failed 1/);
  });

  it('draws nothing when not on a terminal', () => {
    const { s, chunks } = stream(false);
    const p = createProgress({ total: 3, enabled: true, label: 'delivering', stream: s });
    p.tick('success');
    p.stop();
    expect(chunks).toEqual([]);
  });
});
