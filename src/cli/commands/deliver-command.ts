import type { Command } from 'commander';
import { loadDestinationFile } from '../../config/load-destination.js';
import type { DeliveryResult } from '../../core/delivery/delivery-result.js';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import type { Lead } from '../../core/lead/lead.js';
import { connectClient } from '../connect-client.js';
import { withConnectionOptions, type ConnectionFlags } from '../connection-options.js';
import { formatResultLine } from '../format-result.js';
import { readLeadArg, readLeadsFile } from '../read-lead-arg.js';

interface DeliverFlags extends ConnectionFlags {
  lead?: string;
  leads?: string;
  wait?: boolean;
  json?: boolean;
  deliveryId?: string;
}

export function registerDeliver(program: Command): void {
  withConnectionOptions(
    program
      .command('deliver')
      .description('start durable deliveries of one lead (--lead) or many (--leads file.jsonl)')
      .argument('<destination>', 'destination file')
      .option('--lead <json|@file>', 'one lead, as JSON or @path/to/lead.json')
      .option('--leads <file.jsonl>', 'many leads, one JSON object per line')
      .option('--delivery-id <id>', 'your own delivery id (one lead only)')
      .option('--wait', 'wait for each delivery to finish and print its outcome')
      .option('--json', 'print machine-readable JSON'),
  ).action(async (file: string, opts: DeliverFlags) => {
    if (!opts.lead === !opts.leads) throw new LeadwireError('USAGE', 'Give exactly one of --lead <json|@file> or --leads <file.jsonl>.');
    const destination = await loadDestinationFile(file);
    const leads: Lead[] = opts.lead ? [await readLeadArg(opts.lead)] : await readLeadsFile(opts.leads!);
    const client = await connectClient(opts);
    try {
      const started = [];
      for (const lead of leads) {
        started.push(await client.startDelivery(destination, lead, opts.deliveryId && leads.length === 1 ? { deliveryId: opts.deliveryId } : {}));
      }
      if (!opts.wait) {
        if (opts.json) console.log(JSON.stringify(started.map((s) => ({ deliveryId: s.deliveryId, leadId: s.leadId, started: s.started }))));
        else for (const s of started) console.log(`${s.started ? 'started' : 'exists '} ${s.deliveryId}`);
        return;
      }
      const results: DeliveryResult[] = await Promise.all(started.map((s) => s.handle.result()));
      if (opts.json) console.log(JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
      else for (const r of results) console.log(formatResultLine(r));
      if (results.some((r) => r.outcome !== 'success')) process.exitCode = 1;
    } finally {
      await client.close();
    }
  });
}
