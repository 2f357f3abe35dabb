import type { Command } from 'commander';
import { withConnectionOptions, type ConnectionFlags } from '../connection-options.js';

export function registerStatus(program: Command): void {
  withConnectionOptions(
    program
      .command('status')
      .description('what happened to a delivery: live status, attempts, next retry, parked or not')
      .argument('<delivery-id>', 'the delivery id (the workflow id)')
      .option('--json', 'print the full status as JSON'),
  ).action(async (deliveryId: string, opts: ConnectionFlags & { json?: boolean }) => {
    const [{ connectClient }, { formatStatus }] = await Promise.all([import('../connect-client.js'), import('../format-status.js')]);
    const client = await connectClient(opts);
    try {
      const status = await client.status(deliveryId);
      console.log(opts.json ? JSON.stringify(status, null, 2) : formatStatus(status));
    } finally {
      await client.close();
    }
  });
}
