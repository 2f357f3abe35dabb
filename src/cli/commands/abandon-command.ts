import type { Command } from 'commander';
import { withConnectionOptions, type ConnectionFlags } from '../connection-options.js';

interface AbandonFlags extends ConnectionFlags {
  reason: string;
  by?: string;
}

export function registerAbandon(program: Command): void {
  withConnectionOptions(
    program
      .command('abandon')
      .alias('give-up')
      .description('give up a waiting or parked delivery: it ends now with its last failed outcome')
      .argument('<delivery-id>', 'the delivery id (the workflow id)')
      .requiredOption('--reason <text>', 'why, kept in the record')
      .option('--by <name>', 'who is giving up, kept in the record'),
  ).action(async (deliveryId: string, opts: AbandonFlags) => {
    const { connectClient } = await import('../connect-client.js');
    const client = await connectClient(opts);
    try {
      const answer = await client.abandon(deliveryId, opts.reason, opts.by ? { requestedBy: opts.by } : {});
      console.log(`${deliveryId}: ${answer.message}`);
    } finally {
      await client.close();
    }
  });
}
