import type { Report, ReportRow } from './report-types.js';

const COLUMNS: readonly (keyof ReportRow)[] = ['key', 'leads', 'accepted', 'rejected', 'errors', 'duplicates', 'returned', 'acceptanceRate', 'revenue', 'credited', 'cost', 'margin', 'currency', 'p50IntakeTo2xxMs', 'p95IntakeTo2xxMs'];
const HEADERS: Record<keyof ReportRow, string> = {
  key: 'key',
  leads: 'leads',
  accepted: 'accepted',
  rejected: 'rejected',
  errors: 'errors',
  duplicates: 'duplicates',
  returned: 'returned',
  acceptanceRate: 'acceptance_rate',
  revenue: 'revenue',
  credited: 'credited',
  cost: 'cost',
  margin: 'margin',
  currency: 'currency',
  p50IntakeTo2xxMs: 'p50_intake_to_2xx_ms',
  p95IntakeTo2xxMs: 'p95_intake_to_2xx_ms',
};

/** The report as JSON: its range, its rows and the total. */
export function formatReportJson(report: Report): string {
  return JSON.stringify(report, null, 2);
}

/** RFC 4180 CSV: a header, one line per row, then the total (key `total`). Cells that could start a spreadsheet formula are quoted with a leading '. */
export function formatReportCsv(report: Report): string {
  const lines = [COLUMNS.map((c) => HEADERS[c]).join(',')];
  for (const row of [...report.rows, report.total]) lines.push(COLUMNS.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A key is a buyer, destination or source name: keep a spreadsheet from reading it as a formula.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The report as an aligned text table for a terminal. */
export function formatReportTable(report: Report): string {
  const title = `by ${report.by}, ${report.since} to ${report.until} (${report.currency})`;
  if (report.rows.length === 0) return `${title}\nno leads in this range\n`;
  const shown: (keyof ReportRow)[] = ['key', 'leads', 'accepted', 'rejected', 'errors', 'duplicates', 'returned', 'acceptanceRate', 'revenue', 'cost', 'margin', 'p50IntakeTo2xxMs', 'p95IntakeTo2xxMs'];
  const header = ['', 'leads', 'accepted', 'rejected', 'errors', 'dupes', 'returned', 'accept %', 'revenue', 'cost', 'margin', 'p50 ms', 'p95 ms'];
  const cells = [...report.rows, report.total].map((row) => shown.map((c) => tableCell(c, row[c])));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return `${title}\n${[line(header), ...cells.slice(0, -1).map(line), line(cells.at(-1)!)].join('\n')}\n`;
}

function tableCell(column: keyof ReportRow, value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (column === 'acceptanceRate') return `${(Number(value) * 100).toFixed(1)}`;
  if (column === 'revenue' || column === 'cost' || column === 'margin') return Number(value).toFixed(2);
  return String(value);
}
