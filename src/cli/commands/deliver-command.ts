import type { Command } from 'commander';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import { withConnectionOptions } from '../connection-options.js';
import type { DeliverFlags } from '../deliver-flags.js';

export function registerDeliver(program: Command): void {
  withConnectionOptions(
    program
      .command('deliver')
      .description('start durable deliveries of one lead (--lead) or many (--leads file.jsonl)')
      .argument('<destination>', 'destination file')
      .option('--lead <json|@file>', 'one lead, as JSON or @path/to/lead.json')
      .option('--leads <file.jsonl>', 'many leads, one JSON object per line (progress bar and summary table)')
      .option('--delivery-id <id>', 'your own delivery id (one lead only)')
      .option('--wait', 'wait until each delivery has ended or parked and print how (exit 0: all delivered or skipped, 1: any failed, 3: any parked)')
      .option('--json', 'print machine-readable JSON')
      .option('--concurrency <n>', 'deliveries started (and awaited) at a time', '32')
      .option('--no-progress', 'no progress bar (it is only drawn on a terminal anyway)'),
  ).action(async (file: string, opts: DeliverFlags) => {
    if (!opts.lead === !opts.leads) throw new LeadwireError('USAGE', 'Give exactly one of --lead <json|@file> or --leads <file.jsonl>.');
    const concurrency = Number(opts.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new LeadwireError('USAGE', `--concurrency must be a whole number of at least 1, got ${opts.concurrency}.`);
    const [{ loadDestinationFile }, { readLeadArg, readLeadsFile }, { deliverOne, deliverMany }] = await Promise.all([
      import('../../config/load-destination.js'),
      import('../read-lead-arg.js'),
      import('../deliver-leads.js'),
    ]);
    const destination = await loadDestinationFile(file);
    if (opts.lead) return deliverOne(destination, await readLeadArg(opts.lead), opts);
    return deliverMany(destination, await readLeadsFile(opts.leads!), opts, concurrency);
  });
}

