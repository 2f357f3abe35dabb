import { CommanderError } from 'commander';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { buildProgram } from './build-program.js';

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
