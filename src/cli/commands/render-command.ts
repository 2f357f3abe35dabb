import type { Command } from 'commander';

export function registerRender(program: Command): void {
  program
    .command('render')
    .description('show the exact request a lead would produce, secrets masked; sends nothing (for a flow: each buyer\'s ping and post)')
    .argument('<destination>', 'destination file, or flow file')
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
      const { isFlowFile } = await import('../flow-preview.js');
      if (await isFlowFile(file)) return renderFlowFile(file, opts);
      const destination = await loadDestinationFile(file);
      const lead = await readLeadArg(opts.lead);
      const deliveryId = deliveryIdFor(destination.name, leadIdOf(lead, destination.lead_id_field), opts.deliveryId);
      const outcome = await sharedSandbox({ processes: 1 }).evaluator.renderRequest(destination, lead, { deliveryId, now: opts.now ?? new Date().toISOString() }, maskingSecretResolver);
      if (opts.json) console.log(JSON.stringify(outcome, null, 2));
      else if (outcome.kind === 'skip') console.log(`(skipped: ${outcome.reason}; no request would be sent)`);
      else console.log(formatRequest(outcome.request));
    });
}

/** `leadwire render <flow>`: each buyer's ping and post, as a distribution of this lead would send them. */
async function renderFlowFile(file: string, opts: { lead: string; now?: string; json?: boolean }): Promise<void> {
  const [{ loadFlowFile }, { maskingSecretResolver }, { sharedSandbox }, { flowSteps, formatFlowRender }, { readLeadArg }] = await Promise.all([
    import('../../config/load-flow.js'),
    import('../../core/secrets/secret-refs.js'),
    import('../../sandbox/evaluator.js'),
    import('../flow-preview.js'),
    import('../read-lead-arg.js'),
  ]);
  const flow = await loadFlowFile(file);
  const lead = await readLeadArg(opts.lead);
  const now = opts.now ?? new Date().toISOString();
  const { evaluator } = sharedSandbox({ processes: 1 });
  const rendered = [];
  for (const step of flowSteps(flow, lead)) {
    rendered.push({ step, outcome: await evaluator.renderRequest(step.destination, step.lead, { deliveryId: step.deliveryId, now }, maskingSecretResolver) });
  }
  if (opts.json) console.log(JSON.stringify(rendered.map(({ step, outcome }) => ({ buyer: step.buyer, step: step.step, deliveryId: step.deliveryId, ...outcome })), null, 2));
  else console.log(formatFlowRender(flow, rendered));
}
