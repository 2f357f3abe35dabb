import { join } from 'node:path';
import type { Command } from 'commander';
import type { Destination } from '../../config/destination-schema.js';
import { PROJECT_ROOT } from '../../temporal/project-root.js';
import { waitForShutdown } from '../wait-for-shutdown.js';

const EXAMPLES = join(PROJECT_ROOT, 'examples');
const RECEIVER_PORT = 8787;

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('npm start: dev server, worker and test receiver, then deliver the example leads and print their outcomes')
    .option('--exit', 'stop when the deliveries are done (default when not on a terminal)')
    .action(async (opts: { exit?: boolean }) => {
      const [{ createLeadwireClient }, { loadDestinationFile }, { formatResultLine }, { startLocalStack }, { readLeadsFile }] = await Promise.all([
        import('../../client/leadwire-client.js'),
        import('../../config/load-destination.js'),
        import('../format-result.js'),
        import('../local-stack.js'),
        import('../read-lead-arg.js'),
      ]);
      const log = (line: string) => console.log(`  ${line}`);
      console.log('Starting the Temporal dev server, a worker and the test receiver ...');
      const stack = await startLocalStack({ port: 7233, receiverPort: RECEIVER_PORT, taskQueue: 'leadwire', log });
      const receiverUrl = stack.receiver!.url;
      const client = await createLeadwireClient({ address: stack.server.address, taskQueue: 'leadwire' });
      const operatorConsole = await (await import('../../console/console-for-cli.js'))
        .startCliConsole({ client, host: '127.0.0.1', local: true, ...(stack.server.uiUrl ? { webUiUrl: stack.server.uiUrl } : {}) })
        .catch(async (err: unknown) => {
          await client.close();
          await stack.stop();
          throw err;
        });
      try {
        const load = async (file: string): Promise<Destination> => {
          const d = await loadDestinationFile(join(EXAMPLES, 'destinations', file));
          return { ...d, url: d.url.replace(`http://127.0.0.1:${RECEIVER_PORT}`, receiverUrl) };
        };
        const [crm, flaky, strict, batched] = await Promise.all([
          load('demo-crm.yaml'),
          load('demo-flaky-crm.yaml'),
          load('demo-strict-crm.yaml'),
          load('demo-batch-crm.yaml'),
        ]);
        const leads = await readLeadsFile(join(EXAMPLES, 'leads', 'demo-leads.jsonl'));
        const plan: [Destination, (typeof leads)[number]][] = [
          ...leads.map((lead) => [crm, lead] as [Destination, typeof lead]),
          [flaky, leads[0]!],
          [strict, leads[1]!],
        ];
        console.log(`Delivering ${plan.length + leads.length} example leads (${leads.length} of them in one batch) ...`);
        const batch = await client.startDeliveries(batched, leads);
        const results = await Promise.all([
          ...plan.map(async ([destination, lead]) => ({ destination, result: await client.deliver(destination, lead) })),
          ...batch.map(async (started) => ({ destination: batched, result: await started.result() })),
        ]);
        for (const { destination, result } of results) console.log(`  ${destination.name.padEnd(16)} ${formatResultLine(result)}${result.batchId ? ` [batch ${result.batchId}]` : ''}`);
        console.log('');
        if (stack.server.uiUrl) {
          console.log(`Web UI: ${stack.server.uiUrl}/namespaces/default/workflows  (each delivery is a workflow; its id is the delivery id)`);
        }
        console.log(`Temporal: ${stack.server.address}   test receiver: ${receiverUrl}/_requests`);
        if (operatorConsole) console.log(`Console: ${operatorConsole.line}  (why each lead failed, and retry it)`);
        if (!opts.exit && process.stdin.isTTY) {
          console.log('Press Ctrl-C to stop.');
          await Promise.race([waitForShutdown(), stack.running]);
        }
      } finally {
        await operatorConsole?.close();
        await client.close();
      }
      await stack.stop();
    });
}
