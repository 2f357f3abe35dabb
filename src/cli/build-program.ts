import { Command } from 'commander';
import { registerAbandon } from './commands/abandon-command.js';
import { registerCancel } from './commands/cancel-command.js';
import { registerCodecServer } from './commands/codec-server-command.js';
import { registerDemo } from './commands/demo-command.js';
import { registerDeliver } from './commands/deliver-command.js';
import { registerDistribute } from './commands/distribute-command.js';
import { registerDev } from './commands/dev-command.js';
import { registerList } from './commands/list-command.js';
import { registerReceiver } from './commands/receiver-command.js';
import { registerRender } from './commands/render-command.js';
import { registerRetry } from './commands/retry-command.js';
import { registerServe } from './commands/serve-command.js';
import { registerStatus } from './commands/status-command.js';
import { registerTest } from './commands/test-command.js';
import { registerValidate } from './commands/validate-command.js';
import { registerWorker } from './commands/worker-command.js';

/**
 * Builds the `leadwire` command line. Building it loads no command's implementation (each action
 * imports what it needs), so `--help` and the generated CLI reference (`npm run docs`) need no Temporal.
 */
export function buildProgram(): Command {
  const program = new Command('leadwire')
    .description('Durable lead delivery to any HTTP API, on Temporal.')
    .showHelpAfterError()
    .exitOverride();
  for (const register of [registerValidate, registerRender, registerTest, registerDeliver, registerDistribute, registerStatus, registerList, registerRetry, registerAbandon, registerCancel, registerWorker, registerServe, registerDev, registerCodecServer, registerReceiver, registerDemo]) {
    register(program);
  }
  return program;
}
