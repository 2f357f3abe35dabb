import type { Command } from 'commander';
import { LeadwireError } from '../../core/errors/leadwire-error.js';

interface ReportFlags {
  by: string;
  since?: string;
  until?: string;
  json?: boolean;
  csv?: boolean;
}

const DAY_MS = 86_400_000;

/**
 * `leadwire report`: the ledger's report (see docs/ledger.md) from the ledger LEADWIRE_LEDGER_URL
 * names (default: the embedded one in .leadwire/ledger/, shared with a running `leadwire dev`).
 */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('leads, outcomes, revenue, cost, margin and speed to lead from the ledger, by buyer, destination, source or day')
    .requiredOption('--by <dimension>', 'buyer, destination, source or day (UTC)')
    .option('--since <time>', 'leads that arrived at or after this ISO 8601 time or date (default: 7 days ago)')
    .option('--until <time>', 'and before this one (default: now)')
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV (RFC 4180), a header line first')
    .action(async (opts: ReportFlags) => {
      if (opts.json && opts.csv) throw new LeadwireError('USAGE', 'Choose one of --json and --csv.');
      const [{ openLedger }, { report }, format] = await Promise.all([import('../../ledger/open-ledger.js'), import('../../ledger/reports/report-query.js'), import('../../ledger/reports/format-report.js')]);
      const ledger = await openLedger();
      if (!ledger) throw new LeadwireError('LEDGER_OFF', 'The ledger is off (LEADWIRE_LEDGER_URL=off): there is nothing to report. Unset the variable or point it at a ledger.');
      try {
        const now = Date.now();
        const result = await report(ledger, {
          by: opts.by as never,
          since: opts.since ?? new Date(now - 7 * DAY_MS).toISOString(),
          until: opts.until ?? new Date(now).toISOString(),
        });
        process.stdout.write(opts.json ? `${format.formatReportJson(result)}\n` : opts.csv ? format.formatReportCsv(result) : format.formatReportTable(result));
      } finally {
        await ledger.close();
      }
    });
}
