import type { Command } from 'commander';
import { withConnectionOptions, type ConnectionFlags } from '../connection-options.js';

interface DistributeFlags extends ConnectionFlags {
  lead: string;
  wait?: boolean;
  json?: boolean;
  distributionId?: string;
}

export function registerDistribute(program: Command): void {
  withConnectionOptions(
    program
      .command('distribute')
      .description('start distributing one lead through a flow: fan-out, waterfall or ping-post to its buyers')
      .argument('<flow>', 'flow file')
      .requiredOption('--lead <json|@file>', 'the lead, as JSON or @path/to/lead.json')
      .option('--distribution-id <id>', 'your own distribution id (default flow-<flow>--<lead id>)')
      .option('--wait', 'wait for the distribution to finish and print who bought the lead')
      .option('--json', 'print machine-readable JSON'),
  ).action(async (file: string, opts: DistributeFlags) => {
    const [{ loadFlowFile }, { readLeadArg }, { connectClient }, { formatFlowResult }] = await Promise.all([
      import('../../config/load-flow.js'),
      import('../read-lead-arg.js'),
      import('../connect-client.js'),
      import('../format-flow-result.js'),
    ]);
    const flow = await loadFlowFile(file);
    const lead = await readLeadArg(opts.lead);
    const client = await connectClient(opts);
    try {
      const s = await client.startDistribution(flow, lead, opts.distributionId ? { distributionId: opts.distributionId } : {});
      if (!opts.wait) {
        console.log(opts.json ? JSON.stringify({ distributionId: s.distributionId, leadId: s.leadId, started: s.started }) : `${s.started ? 'started' : 'exists '} ${s.distributionId}`);
        return;
      }
      const result = await s.result();
      console.log(opts.json ? JSON.stringify(result, null, 2) : formatFlowResult(result));
      if (result.outcome !== 'sold') process.exitCode = 1;
    } finally {
      await client.close();
    }
  });
}
