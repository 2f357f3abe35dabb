import { join } from 'node:path';
import { createLeadwireClient, type LeadwireClient } from '../client/leadwire-client.js';
import type { Destination } from '../config/destination-schema.js';
import { loadDestinationFile } from '../config/load-destination.js';
import type { CliConsole } from '../console/console-for-cli.js';
import { PROJECT_ROOT } from '../temporal/project-root.js';
import { formatResultLine } from './format-result.js';
import { startLocalStack, type LocalStack } from './local-stack.js';
import { readLeadsFile } from './read-lead-arg.js';
import { waitForShutdown } from './wait-for-shutdown.js';

const EXAMPLES = join(PROJECT_ROOT, 'examples');
const RECEIVER_PORT = 8787;

/**
 * `leadwire demo` (`npm start`): a dev server, a worker, the test receiver and the operator
 * console; delivers the example leads, prints their outcomes and where to look at them.
 */
export async function runDemo(opts: { exit?: boolean }): Promise<void> {
  const log = (line: string) => console.log(`  ${line}`);
  console.log('Starting the Temporal dev server, a worker and the test receiver ...');
  const stack = await startLocalStack({ port: 7233, receiverPort: RECEIVER_PORT, taskQueue: 'leadwire', log });
  const receiverUrl = stack.receiver!.url;
  const client = await createLeadwireClient({ address: stack.server.address, taskQueue: 'leadwire' });
  const operatorConsole = await (await import('../console/console-for-cli.js'))
    .startCliConsole({ client, host: '127.0.0.1', local: true, ...(stack.server.uiUrl ? { webUiUrl: stack.server.uiUrl } : {}) })
    .catch(async (err: unknown) => {
      await client.close();
      await stack.stop();
      throw err;
    });
  try {
    await deliverExampleLeads(client, receiverUrl);
    console.log('');
    printWhereToLook(stack, receiverUrl, operatorConsole);
    if (!opts.exit && process.stdin.isTTY) {
      console.log('Press Ctrl-C to stop.');
      await Promise.race([waitForShutdown(), stack.running]);
    }
  } finally {
    await operatorConsole?.close();
    await client.close();
  }
  await stack.stop();
}

/** Delivers the example leads to the demo destinations (one of them batched) and prints how each ended. */
async function deliverExampleLeads(client: LeadwireClient, receiverUrl: string): Promise<void> {
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
}

/** Prints the addresses of the Web UI, Temporal, the test receiver and the operator console. */
function printWhereToLook(stack: LocalStack, receiverUrl: string, operatorConsole: CliConsole | undefined): void {
  if (stack.server.uiUrl) {
    console.log(`Web UI: ${stack.server.uiUrl}/namespaces/default/workflows  (each delivery is a workflow; its id is the delivery id)`);
  }
  console.log(`Temporal: ${stack.server.address}   test receiver: ${receiverUrl}/_requests`);
  if (operatorConsole) console.log(`Console: ${operatorConsole.line}  (why each lead failed, and retry it)`);
}
