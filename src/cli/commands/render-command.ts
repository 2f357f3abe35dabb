import type { Command } from 'commander';

export function registerRender(program: Command): void {
  program
    .command('render')
    .description('show the exact request a lead would produce, secrets masked; sends nothing')
    .argument('<destination>', 'destination file')
    .requiredOption('--lead <json|@file>', 'the lead, as JSON or @path/to/lead.json')
    .option('--delivery-id <id>', 'delivery id to render with')
    .option('--now <iso>', 'time to render with (default: now)')
    .option('--json', 'print the request as JSON')
    .action(async (file: string, opts: { lead: string; deliveryId?: string; now?: string; json?: boolean }) => {
      const [{ loadDestinationFile }, { deliveryIdFor, leadIdOf }, { maskingSecretResolver }, { sharedSandbox }, { formatRequest }, { readLeadArg }] = await Promise.all([
        import('../../config/load-destination.js'),
        import('../../core/delivery/delivery-id.js'),
        import('../../core/secrets/secret-refs.js'),
        import('../../sandbox/evaluator.js'),
        import('../format-request.js'),
        import('../read-lead-arg.js'),
      ]);
      const destination = await loadDestinationFile(file);
      const lead = await readLeadArg(opts.lead);
      const deliveryId = deliveryIdFor(destination.name, leadIdOf(lead, destination.lead_id_field), opts.deliveryId);
      const outcome = await sharedSandbox({ processes: 1 }).evaluator.renderRequest(destination, lead, { deliveryId, now: opts.now ?? new Date().toISOString() }, maskingSecretResolver);
      if (opts.json) console.log(JSON.stringify(outcome, null, 2));
      else if (outcome.kind === 'skip') console.log(`(skipped: ${outcome.reason}; no request would be sent)`);
      else console.log(formatRequest(outcome.request));
    });
}
