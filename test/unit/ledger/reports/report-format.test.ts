import { describe, expect, it } from 'vitest';
import { formatReportCsv, formatReportJson, formatReportTable } from '../../../../src/ledger/reports/format-report.js';
import { mergeReport, type OutcomeLine } from '../../../../src/ledger/reports/merge-report.js';

const head = { by: 'buyer' as const, since: '2026-03-01T00:00:00.000Z', until: '2026-03-02T00:00:00.000Z', currency: 'USD' };
const outcome = (key: string | undefined, o: Partial<OutcomeLine>): OutcomeLine => ({ key, accepted: 0, rejected: 0, errors: 0, duplicates: 0, returned: 0, gross: 0, credited: 0, p50: null, p95: null, ...o });

describe('mergeReport', () => {
  it('joins outcomes and costs by key, with rates, revenue net of credits, and margin', () => {
    const report = mergeReport(
      head,
      [outcome('Acme', { accepted: 3, rejected: 1, duplicates: 1, errors: 0, gross: 90, credited: 30, returned: 1, p50: 120.4, p95: 480.6 }), outcome(undefined, { accepted: 3, rejected: 1, duplicates: 1, gross: 90, credited: 30, returned: 1, p50: 120.4, p95: 480.6 })],
      [{ key: 'Acme', leads: 5, cost: 12.5 }, { key: 'Zeta', leads: 2, cost: 4 }, { key: undefined, leads: 7, cost: 16.5 }],
    );
    expect(report.rows.map((r) => r.key)).toEqual(['Acme', 'Zeta']);
    expect(report.rows[0]).toEqual({ key: 'Acme', leads: 5, accepted: 3, rejected: 1, errors: 0, duplicates: 1, returned: 1, acceptanceRate: 0.6, revenue: 60, credited: 30, cost: 12.5, margin: 47.5, currency: 'USD', p50IntakeTo2xxMs: 120, p95IntakeTo2xxMs: 481 });
    expect(report.rows[1]).toMatchObject({ key: 'Zeta', leads: 2, accepted: 0, acceptanceRate: null, revenue: 0, margin: -4, p50IntakeTo2xxMs: null });
    expect(report.total).toMatchObject({ key: 'total', leads: 7, revenue: 60, cost: 16.5, margin: 43.5 });
  });
});

describe('report formats', () => {
  const report = mergeReport(head, [outcome('=HYPERLINK("x")', { accepted: 1, gross: 10 }), outcome('Acme, Inc', { rejected: 1 }), outcome(undefined, { accepted: 1, rejected: 1, gross: 10 })], [{ key: undefined, leads: 2, cost: 0 }]);

  it('writes RFC 4180 CSV: a header, quoted cells, formulas defused, the total last', () => {
    const csv = formatReportCsv(report);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('key,leads,accepted,rejected,errors,duplicates,returned,acceptance_rate,revenue,credited,cost,margin,currency,p50_intake_to_2xx_ms,p95_intake_to_2xx_ms');
    expect(lines[1]).toBe('"\'=HYPERLINK(""x"")",0,1,0,0,0,0,1,10,0,0,10,USD,,');
    expect(lines[2]).toMatch(/^"Acme, Inc",0,0,1,/);
    expect(lines[3]).toMatch(/^total,2,1,1,/);
    expect(lines[4]).toBe('');
  });

  it('writes JSON with the range and the total', () => {
    const parsed = JSON.parse(formatReportJson(report));
    expect(parsed).toMatchObject({ by: 'buyer', since: head.since, until: head.until, currency: 'USD', total: { leads: 2, accepted: 1 } });
    expect(parsed.rows).toHaveLength(2);
  });

  it('prints an aligned table, and says so when the range is empty', () => {
    const table = formatReportTable(report).split('\n');
    expect(table[0]).toBe('by buyer, 2026-03-01T00:00:00.000Z to 2026-03-02T00:00:00.000Z (USD)');
    expect(table[1]).toMatch(/^\s+leads\s+accepted\s+rejected/);
    expect(table.at(-2)).toMatch(/^total\s+2\s+1\s+1\s+0\s+0\s+0\s+50\.0\s+10\.00\s+0\.00\s+10\.00\s+-\s+-$/);
    expect(formatReportTable(mergeReport(head, [], []))).toContain('no leads in this range');
  });
});
