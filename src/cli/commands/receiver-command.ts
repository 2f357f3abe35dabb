import type { Command } from 'commander';
import { waitForShutdown } from '../wait-for-shutdown.js';

interface ReceiverFlags {
  port: string;
  hmacSecret?: string;
  webhookSecret?: string;
  files?: string;
  state?: string;
}

export function registerReceiver(program: Command): void {
  program
    .command('receiver')
    .description('a local test endpoint: records requests, answers any status, delays, failures, signature checks and canned bodies on demand')
    .option('--port <port>', 'port on 127.0.0.1', '8787')
    .option('--hmac-secret <secret>', 'secret for ?verify=hmac (default: RECEIVER_HMAC_SECRET)')
    .option('--webhook-secret <whsec>', 'whsec_ secret for ?verify=standard-webhooks (default: RECEIVER_WEBHOOK_SECRET)')
    .option('--files <dir>', 'directory that ?file=<name> answers from (.json, .xml, .html, .txt)')
    .option('--state <file>', 'keep the ?fail=N counts in this file, so a restart does not start them over (default: in memory, reset on every start)')
    .action(async (opts: ReceiverFlags) => {
      const hmacSecret = opts.hmacSecret ?? process.env.RECEIVER_HMAC_SECRET;
      const webhookSecret = opts.webhookSecret ?? process.env.RECEIVER_WEBHOOK_SECRET;
      const { startReceiver } = await import('../../receiver/start-receiver.js');
      const receiver = await startReceiver({
        port: Number(opts.port),
        log: (line) => console.log(line),
        ...(hmacSecret ? { hmacSecret } : {}),
        ...(webhookSecret ? { webhookSecret } : {}),
        ...(opts.files ? { filesDir: opts.files } : {}),
        ...(opts.state ? { stateFile: opts.state } : {}),
      });
      const u = receiver.url;
      console.log(`test receiver on ${u}   (GET ${u}/_requests lists what it got; DELETE clears)`);
      console.log(`  ${u}/leads                 200 with a JSON lead id        ${u}/status/503     any status`);
      console.log(`  ${u}/leads?sleep=5000      answer after 5 s               ${u}/echo           the request back`);
      console.log(`  ${u}/leads?fail=2          503 twice per lead, then 200   ?fail_rate=30       30% fail at random`);
      console.log(`  (?fail counts ${opts.state ? `are kept in ${opts.state}` : 'live in memory: a restart starts them over; --state <file> keeps them'})`);
      console.log(`  ?verify=hmac | ?verify=standard-webhooks   401 unless signed  ?file=accepted.xml  canned body from --files`);
      console.log(`  ${u}/ping?bid=12.50        a bid with a ping_id (flows)   ?bid=random         1.00 to 50.00`);
      await waitForShutdown();
      await receiver.close();
    });
}
