import type { Command } from 'commander';
import { withConnectionOptions, type ConnectionFlags } from '../connection-options.js';

interface ListFlags extends ConnectionFlags {
  destination?: string;
  outcome?: string;
  query?: string;
  limit: string;
  json?: boolean;
}

export function registerList(program: Command): void {
  withConnectionOptions(
    program
      .command('list')
      .description('list deliveries, newest first (e.g. --outcome parked, --destination "Acme CRM")')
      .option('--destination <name>', 'only deliveries to this destination')
      .option('--outcome <outcome>', 'pending, retrying, parked, success, failure, error, skipped or cancelled')
      .option('--query <visibility-query>', 'any Temporal visibility query, e.g. \'StartTime > "2026-01-01T00:00:00Z"\'')
      .option('--limit <n>', 'at most this many', '50')
      .option('--json', 'print machine-readable JSON'),
  ).action(async (opts: ListFlags) => {
    const [{ connectClient }, { formatListRow }] = await Promise.all([import('../connect-client.js'), import('../format-list-row.js')]);
    const client = await connectClient(opts);
    try {
      const rows = await client.list(
        { ...(opts.destination ? { destination: opts.destination } : {}), ...(opts.outcome ? { outcome: opts.outcome } : {}), ...(opts.query ? { query: opts.query } : {}) },
        Math.max(1, Number(opts.limit) || 50),
      );
      if (opts.json) {
        console.log(JSON.stringify(rows, null, 2));
        return;
      }
      for (const r of rows) console.log(formatListRow(r));
      if (rows.length === 0) console.log('no deliveries match');
    } finally {
      await client.close();
    }
  });
}
