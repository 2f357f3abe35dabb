import { chownSync, existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { appendFile, chmod, mkdir, rm, rmdir, symlink, unlink, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { ClusterError } from './cluster-error.js';
import { logFile, POSTGRES_USER } from './cluster-layout.js';
import type { PostgresPaths } from './postgres-paths.js';
import { asPostgresUser, isAlive, isRoot, run, tail } from './processes.js';

/** Whether `dir` holds PostgreSQL's server tools (`initdb`, `pg_ctl`). */
const hasServerTools = (dir: string) => existsSync(join(dir, 'pg_ctl')) && existsSync(join(dir, 'initdb'));

/**
 * The folder with `initdb` and `pg_ctl`: LEADWIRE_POSTGRES_BIN_DIR when set; else Debian's newest
 * /usr/lib/postgresql/<major>/bin; else the folder of the `initdb` on PATH (symlinks followed);
 * else `pg_config --bindir`. Undefined when PostgreSQL is not installed.
 */
export async function findPostgresBinDir(env: NodeJS.ProcessEnv = process.env, debian = '/usr/lib/postgresql'): Promise<string | undefined> {
  const chosen = env.LEADWIRE_POSTGRES_BIN_DIR;
  if (chosen) {
    if (hasServerTools(chosen)) return chosen;
    throw new ClusterError('CLUSTER_POSTGRES_MISSING', `LEADWIRE_POSTGRES_BIN_DIR is ${chosen}, which has no initdb and pg_ctl. Point it at the bin folder of a PostgreSQL 12 or later install, or unset it.`);
  }
  if (existsSync(debian)) {
    const majors = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v) && hasServerTools(join(debian, v, 'bin')))
      .sort((a, b) => Number(b) - Number(a));
    if (majors[0]) return join(debian, majors[0], 'bin');
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const initdb = join(dir, 'initdb');
    if (!existsSync(initdb)) continue;
    const real = dirname(realpathSync(initdb));
    if (hasServerTools(real)) return real;
  }
  const { code, output } = await run('pg_config', ['--bindir'], { env });
  const dir = output.trim();
  return code === 0 && hasServerTools(dir) ? dir : undefined;
}

/** Finds PostgreSQL's server binaries, installing Debian's `postgresql` package when they are missing. */
export async function ensurePostgresInstalled(log: (line: string) => void = console.log): Promise<string> {
  const found = await findPostgresBinDir();
  if (found) return found;
  if (!isRoot() && (await run('sudo', ['-n', 'true'])).code !== 0) {
    throw new ClusterError(
      'CLUSTER_POSTGRES_MISSING',
      'PostgreSQL is not installed (no initdb and pg_ctl in /usr/lib/postgresql/*/bin, on PATH, or from pg_config), and installing it needs root, which this user cannot get with `sudo -n`.\n' +
        'Have it installed once (as root: `apt-get install -y postgresql`), or put a PostgreSQL 12 or later on PATH, or point LEADWIRE_POSTGRES_BIN_DIR at its bin folder; then run `npm run cluster -- up` again. It then runs as this user, with its data in the checkout.',
    );
  }
  log('PostgreSQL: not installed; running apt-get install -y postgresql ...');
  const sudo = isRoot() ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = async (...args: string[]) => {
    const [cmd, ...rest] = [...sudo, 'apt-get', ...args];
    return run(cmd!, rest, { env, onLine: (l) => l.startsWith('Setting up') && log(`  ${l}`) });
  };
  let result = await apt('install', '-y', '-q', 'postgresql');
  if (result.code !== 0) {
    await apt('update', '-q');
    result = await apt('install', '-y', '-q', 'postgresql');
  }
  const dir = await findPostgresBinDir();
  if (result.code !== 0 || !dir) {
    throw new ClusterError(
      'CLUSTER_POSTGRES_MISSING',
      `PostgreSQL is not installed and \`apt-get install -y postgresql\` failed (exit ${result.code}):\n${result.output.split('\n').slice(-15).join('\n')}\n` +
        'Install PostgreSQL 12 or later (its initdb and pg_ctl), then run `npm run cluster -- up` again.',
    );
  }
  return dir;
}

/** Gives a path to the `postgres` user when running as root, so the server it runs can write there. */
function ownByPostgres(path: string): void {
  if (!isRoot()) return;
  try {
    chownSync(path, Number(readIdOf('postgres', 'u')), Number(readIdOf('postgres', 'g')));
  } catch (err) {
    throw new ClusterError('CLUSTER_POSTGRES_USER', `Running as root, PostgreSQL must run as the \`postgres\` user, and ${path} could not be given to it: ${(err as Error).message}. Install Debian's postgresql package (it creates the user).`);
  }
}

function readIdOf(user: string, kind: 'u' | 'g'): string {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`no user ${user} in /etc/passwd`);
  return line.split(':')[kind === 'u' ? 2 : 3]!;
}

/** Whether `dataDir` holds a database cluster already. */
export function postgresInitialized(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

/**
 * Makes the folders PostgreSQL writes to, owned by the user it runs as: as root, its own folder
 * outside the checkout (`paths.home`, 0700, in a root-owned 0755 parent that `postgres` can
 * pass through), the data folder (0700) and the log; the log is linked from the cluster's
 * logs folder, beside the services' logs.
 */
async function preparePostgresFolders(paths: PostgresPaths): Promise<void> {
  if (paths.home) {
    const parent = dirname(paths.home);
    await mkdir(parent, { recursive: true });
    await chmod(parent, 0o755);
    await mkdir(paths.home, { recursive: true, mode: 0o700 });
    await chmod(paths.home, 0o700);
    ownByPostgres(paths.home);
  }
  await mkdir(paths.dataDir, { recursive: true, mode: 0o700 });
  await chmod(paths.dataDir, 0o700);
  ownByPostgres(paths.dataDir);
  await mkdir(dirname(paths.logFile), { recursive: true });
  await writeFile(paths.logFile, '', { flag: 'a' });
  ownByPostgres(paths.logFile);
  const link = logFile('postgres');
  if (link !== paths.logFile) {
    await unlink(link).catch(() => {});
    await symlink(paths.logFile, link);
  }
}

/**
 * `initdb` a cluster of the project's own in `paths.dataDir`: superuser `temporal` with
 * `password` (SCRAM), listening on 127.0.0.1:`port` only, no Unix socket (its path would depend
 * on the checkout).
 */
export async function initPostgres(binDir: string, paths: PostgresPaths, port: number, password: string, log: (line: string) => void): Promise<void> {
  if (postgresInitialized(paths.dataDir)) return;
  await rm(paths.dataDir, { recursive: true, force: true });
  await preparePostgresFolders(paths);
  // initdb reads the password from a file (never a command line), which lives beside the data
  // folder, readable by PostgreSQL's user only, while initdb runs.
  const pwfile = join(dirname(paths.dataDir), `.pwfile-${process.pid}`);
  await writeFile(pwfile, password, { mode: 0o600 });
  ownByPostgres(pwfile);
  log(`PostgreSQL: initdb ${paths.dataDir}`);
  const [cmd, args] = asPostgresUser(join(binDir, 'initdb'), [
    '-D', paths.dataDir, `--username=${POSTGRES_USER}`, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8',
  ]);
  const result = await run(cmd, args, { logFile: paths.logFile });
  await rm(pwfile, { force: true });
  if (result.code !== 0) {
    await rm(paths.dataDir, { recursive: true, force: true });
    throw new ClusterError('CLUSTER_POSTGRES_INIT_FAILED', `initdb failed (exit ${result.code}):\n${tail(paths.logFile)}\n` +
      (isRoot() ? `As root, initdb runs as \`postgres\`: that user must be able to reach ${paths.dataDir} (every parent folder needs o+x).` : ''));
  }
  // Four server processes hold up to 30 connections each (20 default store + 10 visibility).
  await appendFile(
    join(paths.dataDir, 'postgresql.conf'),
    `\n# leadwire cluster (scripts/cluster/postgres.ts)\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 200\n`,
  );
}

/** Deletes PostgreSQL's own folder outside the checkout (as root), and its parent once empty. */
export async function removePostgresHome(paths: PostgresPaths): Promise<void> {
  if (!paths.home) return;
  await rm(paths.home, { recursive: true, force: true });
  await rmdir(dirname(paths.home)).catch(() => {}); // other checkouts' clusters may still be there
}

/** The postmaster's pid from postmaster.pid, when that process is alive. */
export function postgresPid(paths: PostgresPaths): number | undefined {
  const file = join(paths.dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return isAlive(pid) ? pid : undefined;
}

/** Starts PostgreSQL (no-op when it runs) and waits until it accepts connections. */
export async function startPostgres(binDir: string, paths: PostgresPaths, log: (line: string) => void = console.log): Promise<number> {
  const running = postgresPid(paths);
  if (running) return running;
  const pgLog = paths.logFile;
  await writeFile(pgLog, '', { flag: 'a' });
  ownByPostgres(pgLog);
  log('PostgreSQL: starting');
  const [cmd, args] = asPostgresUser(join(binDir, 'pg_ctl'), ['-D', paths.dataDir, '-l', pgLog, '-w', '-t', '120', 'start']);
  const result = await run(cmd, args);
  const pid = postgresPid(paths);
  if (result.code !== 0 || !pid) {
    throw new ClusterError('CLUSTER_POSTGRES_START_FAILED', `PostgreSQL did not start (pg_ctl exit ${result.code}: ${result.output.trim()}). The end of ${pgLog}:\n${tail(pgLog)}\n` +
      'If the port is taken, stop what uses it or run `npm run cluster -- down --purge` and `up --postgres-port <port>`.');
  }
  return pid;
}

/**
 * Stops PostgreSQL: `fast` (the default) rolls back open transactions and closes connections
 * cleanly; `immediate` aborts like a crash, and the next start replays the WAL.
 */
export async function stopPostgresServer(binDir: string, paths: PostgresPaths, mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
  if (!postgresPid(paths)) return;
  const [cmd, args] = asPostgresUser(join(binDir, 'pg_ctl'), ['-D', paths.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  const result = await run(cmd, args);
  if (result.code !== 0 && postgresPid(paths)) {
    throw new ClusterError('CLUSTER_POSTGRES_STOP_FAILED', `pg_ctl stop failed (exit ${result.code}): ${result.output.trim()}\n${tail(paths.logFile)}`);
  }
}

/** Whether PostgreSQL accepts connections on 127.0.0.1:`port` (pg_isready). */
export async function postgresReady(binDir: string, port: number): Promise<boolean> {
  const { code } = await run(join(binDir, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q']);
  return code === 0;
}

/** `pg_dump --data-only` of one database, as text (bytea columns come out as hex). */
export async function dumpDatabase(binDir: string, port: number, password: string, database: string): Promise<string> {
  const result = await run(join(binDir, 'pg_dump'), ['--host=127.0.0.1', `--port=${port}`, `--username=${POSTGRES_USER}`, '--data-only', '--no-owner', database], {
    env: { ...process.env, PGPASSWORD: password },
    maxOutput: Infinity,
  });
  if (result.code !== 0) throw new ClusterError('CLUSTER_DUMP_FAILED', `pg_dump of ${database} failed (exit ${result.code}): ${result.output.slice(-2000)}`);
  return result.output;
}
