import type { Command } from 'commander';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import { withConnectionOptions, type ConnectionFlags } from '../connection-options.js';
import { checkOutcome } from '../outcome-option.js';

interface ListFlags extends ConnectionFlags {
  destination?: string;
  buyer?: string;
  outcome?: string;
  query?: string;
  flows?: boolean;
  limit: string;
  json?: boolean;
}

export function registerList(program: Command): void {
  withConnectionOptions(
    program
      .command('list')
      .description('list deliveries, newest first (e.g. --outcome parked, --destination "Acme CRM"); with --flows, distributions')
      .option('--flows', 'list distributions (flows) instead: who bought each lead, and at what price')
      .option('--destination <name>', 'only deliveries to this destination')
      .option('--buyer <name>', 'only a flow buyer\'s pings and posts; with --flows, the distributions that sold to it')
      .option('--outcome <outcome>', 'pending, retrying, parked, success, failure, error, skipped or cancelled; with --flows: pending, sold or unsold')
      .option('--query <visibility-query>', 'any Temporal visibility query, e.g. \'StartTime > "2026-01-01T00:00:00Z"\'')
      .option('--limit <n>', 'at most this many', '50')
      .option('--json', 'print machine-readable JSON'),
  ).action(async (opts: ListFlags) => {
    if (opts.flows && opts.destination) throw new LeadwireError('USAGE', '--destination filters deliveries; a distribution has buyers: use --buyer <name> with --flows.');
    if (opts.outcome !== undefined) checkOutcome(opts.outcome, opts.flows === true);
    const [{ connectClient }, { formatListRow, formatDistributionRow }] = await Promise.all([import('../connect-client.js'), import('../format-list-row.js')]);
    const client = await connectClient(opts);
    const limit = Math.max(1, Number(opts.limit) || 50);
    const filter = { ...(opts.buyer ? { buyer: opts.buyer } : {}), ...(opts.outcome ? { outcome: opts.outcome } : {}), ...(opts.query ? { query: opts.query } : {}) };
    try {
      const lines = opts.flows
        ? await client.listDistributions(filter, limit).then((rows) => ({ rows, text: rows.map(formatDistributionRow), none: 'no distributions match' }))
        : await client.list({ ...filter, ...(opts.destination ? { destination: opts.destination } : {}) }, limit).then((rows) => ({ rows, text: rows.map(formatListRow), none: 'no deliveries match' }));
      if (opts.json) {
        console.log(JSON.stringify(lines.rows, null, 2));
        return;
      }
      for (const line of lines.text) console.log(line);
      if (lines.rows.length === 0) console.log(lines.none);
    } finally {
      await client.close();
    }
  });
}
