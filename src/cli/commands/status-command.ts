import type { Command } from 'commander';
import { connectClient } from '../connect-client.js';
import { withConnectionOptions, type ConnectionFlags } from '../connection-options.js';

export function registerStatus(program: Command): void {
  withConnectionOptions(
    program
      .command('status')
      .description('what happened to a delivery: live status, attempts and result')
      .argument('<delivery-id>', 'the delivery id (the workflow id)'),
  ).action(async (deliveryId: string, opts: ConnectionFlags) => {
    const client = await connectClient(opts);
    try {
      const status = await client.status(deliveryId);
      console.log(JSON.stringify(status, null, 2));
    } finally {
      await client.close();
    }
  });
}
