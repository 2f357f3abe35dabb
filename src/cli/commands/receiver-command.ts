import type { Command } from 'commander';
import { startReceiver } from '../../receiver/start-receiver.js';
import { waitForShutdown } from '../wait-for-shutdown.js';

export function registerReceiver(program: Command): void {
  program
    .command('receiver')
    .description('a local test endpoint: records requests, answers any status, delays and failures on demand')
    .option('--port <port>', 'port on 127.0.0.1', '8787')
    .action(async (opts: { port: string }) => {
      const receiver = await startReceiver({ port: Number(opts.port), log: (line) => console.log(line) });
      console.log(`test receiver on ${receiver.url}  (try ${receiver.url}/status/503, ?sleep=5000, ?fail=2, /echo; GET /_requests)`);
      await waitForShutdown();
      await receiver.close();
    });
}
