import type { Command } from 'commander';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import { withConnectionOptions, type ConnectionFlags } from '../connection-options.js';

export function registerStatus(program: Command): void {
  withConnectionOptions(
    program
      .command('status')
      .description('what happened to a delivery: live status, attempts, next retry, parked or not; for a distribution, its buyers, bids and posts')
      .argument('<id>', 'the delivery id or distribution id (the workflow id)')
      .option('--json', 'print the full status as JSON'),
  ).action(async (id: string, opts: ConnectionFlags & { json?: boolean }) => {
    const [{ connectClient }, { formatStatus }, { formatDistributionStatus }] = await Promise.all([
      import('../connect-client.js'),
      import('../format-status.js'),
      import('../format-flow-result.js'),
    ]);
    const client = await connectClient(opts);
    try {
      const distribution = await client.distribution(id).catch((err: unknown) => {
        if (err instanceof LeadwireError && err.code === 'DISTRIBUTION_NOT_FOUND') return undefined;
        throw err;
      });
      if (distribution) {
        console.log(opts.json ? JSON.stringify(distribution, null, 2) : formatDistributionStatus(distribution));
        return;
      }
      const status = await client.status(id);
      console.log(opts.json ? JSON.stringify(status, null, 2) : formatStatus(status));
    } finally {
      await client.close();
    }
  });
}
