import type { Command } from 'commander';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import { withConnectionOptions, type ConnectionFlags } from '../connection-options.js';
import { checkOutcome } from '../outcome-option.js';
import { countOf } from '../plural.js';

interface RetryFlags extends ConnectionFlags {
  config?: string;
  query?: string;
  destination?: string;
  outcome?: string;
  by?: string;
}

export function registerRetry(program: Command): void {
  withConnectionOptions(
    program
      .command('retry')
      .description('retry a waiting or parked delivery now (or many: --query / --destination / --outcome); prints what each delivery does now')
      .argument('[delivery-id]', 'the delivery id (the workflow id)')
      .option('--config <file>', 'retry with this corrected destination file (validated first)')
      .option('--query <visibility-query>', 'bulk: every running delivery matching, e.g. \'LeadwireOutcome="parked"\'')
      .option('--destination <name>', 'bulk: deliveries to this destination')
      .option('--outcome <outcome>', 'bulk: deliveries with this LeadwireOutcome (default parked)')
      .option('--by <name>', 'who is asking, kept in the record'),
  ).action(async (deliveryId: string | undefined, opts: RetryFlags) => {
    const bulk = opts.query !== undefined || opts.destination !== undefined || opts.outcome !== undefined;
    if (!deliveryId === !bulk) {
      throw new LeadwireError('USAGE', 'Give a delivery id, or --query / --destination / --outcome to retry many, not both.');
    }
    if (opts.outcome !== undefined) checkOutcome(opts.outcome);
    const [{ loadDestinationFile }, { connectClient }] = await Promise.all([import('../../config/load-destination.js'), import('../connect-client.js')]);
    const destination = opts.config ? await loadDestinationFile(opts.config) : undefined;
    const retryOptions = { ...(destination ? { destination } : {}), ...(opts.by ? { requestedBy: opts.by } : {}) };
    const client = await connectClient(opts);
    try {
      if (deliveryId) {
        const answer = await client.retry(deliveryId, retryOptions);
        console.log(`${deliveryId}: ${answer.message}${destination ? ` (config: ${opts.config})` : ''}`);
        return;
      }
      const answers = await client.retryMany(
        { ...(opts.query ? { query: opts.query } : {}), ...(opts.destination ? { destination: opts.destination } : {}), ...(opts.outcome ? { outcome: opts.outcome } : {}) },
        retryOptions,
      );
      for (const answer of answers) console.log(`${answer.deliveryId}: ${answer.message}`);
      console.log(`${countOf(answers.length, 'delivery', 'deliveries')} retried`);
    } finally {
      await client.close();
    }
  });
}
