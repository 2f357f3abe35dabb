import { CommanderError } from 'commander';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { buildProgram } from './build-program.js';
import { formatCliError } from './format-cli-error.js';

/** Runs the CLI; errors are printed as one clear message that names its code (docs/errors.md) and a non-zero exit, never a stack trace. */
async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof LeadwireError && err.code === 'CONFIG_INVALID' && (await printWithExcerpts(err))) {
      process.exitCode = 2;
      return;
    }
    if (err instanceof LeadwireError) {
      console.error(formatCliError(err));
      process.exitCode = err.code === 'CONFIG_INVALID' ? 2 : 1;
      return;
    }
    console.error(formatCliError({ code: 'INTERNAL', message: `unexpected error: ${(err as Error)?.message ?? String(err)}` }));
    if (process.env.LEADWIRE_DEBUG) console.error(err);
    process.exitCode = 1;
  }
}

/**
 * A config file's problems as `leadwire validate` shows them, each with its line and a caret,
 * whichever command read the file. False when the file cannot be read again (then the message alone).
 */
async function printWithExcerpts(err: LeadwireError): Promise<boolean> {
  const [{ ConfigError }, { formatConfigIssues }, { readFile }] = await Promise.all([import('../core/errors/config-error.js'), import('./format-config-issues.js'), import('node:fs/promises')]);
  if (!(err instanceof ConfigError)) return false;
  const text = await readFile(err.source, 'utf8').catch(() => undefined);
  if (text === undefined) return false;
  console.error(formatConfigIssues(err, err.source, text));
  console.error('Fix the listed fields and run `leadwire validate` again.');
  return true;
}

await main();
