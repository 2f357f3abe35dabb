import type { Command } from 'commander';
import { createLeadwireWorker } from '../../worker.js';
import { withConnectionOptions, type ConnectionFlags } from '../connection-options.js';

export function registerWorker(program: Command): void {
  withConnectionOptions(program.command('worker').description('run a leadwire worker until SIGINT or SIGTERM')).action(
    async (opts: ConnectionFlags) => {
      const worker = await createLeadwireWorker({
        taskQueue: opts.taskQueue,
        ...(opts.address ? { address: opts.address } : {}),
        ...(opts.namespace ? { namespace: opts.namespace } : {}),
      });
      console.log(`leadwire worker polling task queue "${opts.taskQueue}" (Ctrl-C to stop)`);
      await worker.run();
      console.log('leadwire worker stopped');
    },
  );
}
