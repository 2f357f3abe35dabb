import { Command, CommanderError } from 'commander';
import { LeadwireError } from '../core/errors/leadwire-error.js';
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

/** Builds the `leadwire` command line. */
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

/** Runs the CLI; errors are printed as one clear message and a non-zero exit, never a stack trace. */
export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof LeadwireError) {
      console.error(`leadwire: ${err.message}`);
      process.exitCode = err.code === 'CONFIG_INVALID' ? 2 : 1;
      return;
    }
    console.error(`leadwire: unexpected error: ${(err as Error)?.message ?? String(err)}`);
    if (process.env.LEADWIRE_DEBUG) console.error(err);
    process.exitCode = 1;
  }
}

await main();
