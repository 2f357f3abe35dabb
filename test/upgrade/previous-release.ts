import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readFile, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';

const run = promisify(execFile);

/** release/previous-release.json: the release the current code must take over from. */
export interface PreviousRelease {
  release: string;
  commit: string;
  /** Its committed history set (test/replay/histories/<name>), replayed by `npm test`. */
  histories?: string;
}

/** A checkout of the previous release, ready to run its own `bin/leadwire.js`. */
export interface ReleaseCheckout extends PreviousRelease {
  /** The checkout's root: `<root>/bin/leadwire.js` is its CLI. */
  root: string;
  /** How its node_modules came to be: the current checkout's (same lockfile), or `npm ci`. */
  dependencies: 'shared' | 'installed';
}

export const PREVIOUS_RELEASE_FILE = join(PROJECT_ROOT, 'release', 'previous-release.json');

export async function readPreviousRelease(file = PREVIOUS_RELEASE_FILE): Promise<PreviousRelease> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<PreviousRelease>;
  if (typeof parsed.release !== 'string' || typeof parsed.commit !== 'string' || !/^[0-9a-f]{40}$/.test(parsed.commit)) {
    throw new Error(`${file} must name the previous release and its full commit: {"release": "0.1.0", "commit": "<40 hex digits>"}.`);
  }
  return parsed as PreviousRelease;
}

const git = async (args: string[], cwd = PROJECT_ROOT) => (await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout;

/**
 * A git worktree of the previous release's commit in `.leadwire/upgrade/<release>-<short>/`
 * (git-ignored; kept between runs, since that commit never changes), with dependencies and its
 * workflows bundled ahead of time (`npm run bundle`, so its workers start in a second). When its
 * package-lock.json is the current one, it uses the current node_modules (a symlink: nothing
 * installed, nothing copied); otherwise `npm ci --prefer-offline` installs its own.
 */
export async function checkOutPreviousRelease(release: PreviousRelease, log: (line: string) => void): Promise<ReleaseCheckout> {
  await git(['cat-file', '-e', `${release.commit}^{commit}`]).catch(() => {
    throw new Error(`The previous release's commit ${release.commit} (${release.release}, ${PREVIOUS_RELEASE_FILE}) is not in this clone. A shallow clone lacks it: git fetch --unshallow (or fetch that commit).`);
  });
  const root = join(PROJECT_ROOT, '.leadwire', 'upgrade', `${release.release}-${release.commit.slice(0, 7)}`);
  const head = existsSync(join(root, '.git')) ? (await git(['rev-parse', 'HEAD'], root).catch(() => '')).trim() : '';
  if (head !== release.commit) {
    await rm(root, { recursive: true, force: true });
    await git(['worktree', 'prune']);
    await mkdir(join(root, '..'), { recursive: true });
    await git(['worktree', 'add', '--detach', '--force', root, release.commit]);
    log(`checked out ${release.release} (${release.commit.slice(0, 7)}) in ${root}`);
  }
  const dependencies = await linkOrInstall(release, root, log);
  await bundleWorkflows(root, log);
  return { ...release, root, dependencies };
}

async function linkOrInstall(release: PreviousRelease, root: string, log: (line: string) => void): Promise<ReleaseCheckout['dependencies']> {
  const modules = join(root, 'node_modules');
  const [theirs, ours] = await Promise.all([readFile(join(root, 'package-lock.json'), 'utf8'), readFile(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')]);
  if (theirs === ours) {
    if (!existsSync(modules)) await symlink(join(PROJECT_ROOT, 'node_modules'), modules, 'dir');
    return 'shared';
  }
  // npm ci writes node_modules/.package-lock.json last: there, an earlier run finished installing.
  if (existsSync(join(modules, '.package-lock.json')) && !(await lstat(modules)).isSymbolicLink()) return 'installed';
  await rm(modules, { recursive: true, force: true });
  log(`${release.release}'s package-lock.json differs from the current one: npm ci --prefer-offline in ${root}`);
  await spawnChecked('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], root);
  return 'installed';
}

/** `npm run bundle` of that release (skipped while its bundle is there: its sources never change). */
async function bundleWorkflows(root: string, log: (line: string) => void): Promise<void> {
  if (existsSync(join(root, '.leadwire', 'workflow-bundle.js.stamp.json'))) return;
  log('bundling its workflows (npm run bundle)');
  await spawnChecked(process.execPath, ['--import', 'tsx', 'scripts/bundle-workflows.ts'], root);
}

function spawnChecked(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} in ${cwd} ended with ${signal ?? `exit code ${code}`}`))));
  });
}
