import type { Command } from 'commander';
import type { TestFlags } from '../test-flags.js';

export function registerTest(program: Command): void {
  program
    .command('test')
    .description('send one real request now, outside Temporal, and show request, response, timing and verdict (secrets masked); for a flow: each buyer\'s ping, or each post when there are no pings')
    .argument('<destination>', 'destination file, or flow file (ping_post: each ping is sent and each post shown with its ping\'s values; all, in_order: each post is sent)')
    .requiredOption('--lead <json|@file>', 'the lead, as JSON or @path/to/lead.json')
    .option('--delivery-id <id>', 'Idempotency-Key to send (default: test-<delivery id>-<time>)')
    .option('--json', 'print the report as JSON')
    .option('--local', 'let this send reach this machine (127.0.0.0/8, ::1), as `leadwire dev` lets its worker: for the test receiver and other local servers')
    .action(async (file: string, opts: TestFlags) => {
      const { isFlowFile } = await import('../flow-preview.js');
      if (await isFlowFile(file)) return (await import('../test-flow.js')).testFlowFile(file, opts);
      return (await import('../test-destination.js')).testDestinationFile(file, opts);
    });
}
