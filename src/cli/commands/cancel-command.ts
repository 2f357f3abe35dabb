import type { Command } from 'commander';
import { withConnectionOptions, type ConnectionFlags } from '../connection-options.js';

export function registerCancel(program: Command): void {
  withConnectionOptions(
    program
      .command('cancel')
      .description('cancel a delivery: it ends with outcome cancelled, its attempts kept')
      .argument('<delivery-id>', 'the delivery id (the workflow id)'),
  ).action(async (deliveryId: string, opts: ConnectionFlags) => {
    const { connectClient } = await import('../connect-client.js');
    const client = await connectClient(opts);
    try {
      await client.cancel(deliveryId);
      console.log(`cancelling ${deliveryId}`);
    } finally {
      await client.close();
    }
  });
}
