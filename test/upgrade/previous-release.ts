import { execFile, spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
  /** How its node_modules came to be: hard links to the current ones (same lockfile), or its own `npm ci`. */
  dependencies: 'linked' | 'installed';
  /** Records a worker the run started (of either release), so a later run ends it if this one is killed. */
  adopt(pid: number): Promise<void>;
  /** Removes the worktree and its temporary folder (idempotent). */
  remove(): Promise<void>;
}

export const PREVIOUS_RELEASE_FILE = join(PROJECT_ROOT, 'release', 'previous-release.json');

/** Temporary folders of the checkouts: `<tmpdir>/leadwire-upgrade-XXXXXX/<release>-<short>/`. */
const TEMP_PREFIX = 'leadwire-upgrade-';
/** The temporary folder as git names it (resolved: git lists worktrees by their real path). */
const TEMP_ROOT = realpathSync(tmpdir());
const OWNER_FILE = 'owner.pid';
const PIDS_FILE = 'processes.pid';

export async function readPreviousRelease(file = PREVIOUS_RELEASE_FILE): Promise<PreviousRelease> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<PreviousRelease>;
  if (typeof parsed.release !== 'string' || typeof parsed.commit !== 'string' || !/^[0-9a-f]{40}$/.test(parsed.commit)) {
    throw new Error(`${file} must name the previous release and its full commit: {"release": "0.1.0", "commit": "<40 hex digits>"}.`);
  }
  return parsed as PreviousRelease;
}

const git = async (args: string[], cwd = PROJECT_ROOT) => (await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout;

/** The commit is in this clone; a shallow clone (CI) fetches it once from its remote. */
async function ensureCommit(release: PreviousRelease, log: (line: string) => void): Promise<void> {
  const present = () => git(['cat-file', '-e', `${release.commit}^{commit}`]).then(() => true, () => false);
  if (await present()) return;
  log(`commit ${release.commit.slice(0, 7)} is not in this clone: git fetch origin ${release.commit}`);
  await git(['fetch', '--no-tags', 'origin', release.commit]).catch(() => undefined);
  if (!(await present())) {
    throw new Error(
      `The previous release's commit ${release.commit} (${release.release}, ${PREVIOUS_RELEASE_FILE}) is not in this clone and could not be fetched. ` +
        'A shallow clone lacks it: git fetch --unshallow (or fetch that commit).',
    );
  }
}

/**
 * A git worktree of the previous release's commit in a new temporary folder, with its
 * dependencies and its workflows bundled ahead of time (`npm run bundle`, so its workers start
 * in a second). When its package-lock.json is the current one, its node_modules are hard links
 * to the current ones (`cp -al`: nothing downloaded, nothing copied); otherwise (or when the
 * temporary folder is on another file system) its own `npm ci --prefer-offline`. The caller
 * removes it with `remove()`; a run killed before that is cleaned up by the next one.
 */
export async function checkOutPreviousRelease(release: PreviousRelease, log: (line: string) => void): Promise<ReleaseCheckout> {
  await ensureCommit(release, log);
  await removeAbandonedCheckouts(log);
  const folder = await mkdtemp(join(TEMP_ROOT, TEMP_PREFIX));
  await writeFile(join(folder, OWNER_FILE), String(process.pid));
  const root = join(folder, `${release.release}-${release.commit.slice(0, 7)}`);
  let removed: Promise<void> | undefined;
  const remove = () => (removed ??= removeCheckout(folder));
  try {
    await git(['worktree', 'add', '--detach', root, release.commit]);
    log(`checked out ${release.release} (${release.commit.slice(0, 7)}) in ${root}`);
    const dependencies = await linkOrInstall(release, root, log);
    await bundleWorkflows(root, log);
    const adopt = (pid: number) => appendFile(join(folder, PIDS_FILE), `${pid}\n`);
    return { ...release, root, dependencies, adopt, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}

/** Deletes the folder, then has git forget the worktree (quicker than `git worktree remove` with node_modules in it). */
async function removeCheckout(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  await git(['worktree', 'prune']);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Checkouts left by an upgrade test that was killed (the pid in their owner file is gone, or the
 * file is): the workers it started (recorded by pid, and only while their command line still
 * names a checkout or task queue of the upgrade test) are SIGKILLed, and the folder is deleted.
 */
async function removeAbandonedCheckouts(log: (line: string) => void): Promise<void> {
  const folders = (await readdir(TEMP_ROOT)).filter((name) => name.startsWith(TEMP_PREFIX)).map((name) => join(TEMP_ROOT, name));
  for (const folder of folders) {
    const owner = Number(await readFile(join(folder, OWNER_FILE), 'utf8').catch(() => '0'));
    if (owner && alive(owner)) continue;
    const pids = (await readFile(join(folder, PIDS_FILE), 'utf8').catch(() => '')).split('\n').map(Number).filter(Boolean);
    for (const pid of pids) {
      const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      // Workers of either release: their command line names the checkout or the run's task queue.
      if (command.includes(TEMP_PREFIX)) process.kill(pid, 'SIGKILL');
    }
    log(`removing the checkout an earlier, interrupted run left in ${folder}`);
    await removeCheckout(folder);
  }
}

async function linkOrInstall(release: PreviousRelease, root: string, log: (line: string) => void): Promise<ReleaseCheckout['dependencies']> {
  const [theirs, ours] = await Promise.all([readFile(join(root, 'package-lock.json'), 'utf8'), readFile(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')]);
  if (theirs === ours && existsSync(join(PROJECT_ROOT, 'node_modules'))) {
    const linked = await spawnChecked('cp', ['-al', join(PROJECT_ROOT, 'node_modules'), join(root, 'node_modules')], root).then(
      () => true,
      async (err: Error) => {
        log(`hard links to the current node_modules failed (${err.message}); installing instead`);
        await rm(join(root, 'node_modules'), { recursive: true, force: true });
        return false;
      },
    );
    if (linked) return 'linked';
  } else {
    log(`${release.release}'s package-lock.json differs from the current one: npm ci --prefer-offline in the checkout`);
  }
  await spawnChecked('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], root);
  return 'installed';
}

/** `npm run bundle` of that release: its workers then load the bundle instead of bundling at start. */
async function bundleWorkflows(root: string, log: (line: string) => void): Promise<void> {
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
