import { chownSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClusterError } from './cluster-error.js';
import { logFile, POSTGRES_DATA_DIR, POSTGRES_USER } from './cluster-layout.js';
import { asPostgresUser, isAlive, isRoot, run, tail } from './processes.js';

/**
 * The folder with `initdb` and `pg_ctl`: Debian's newest /usr/lib/postgresql/<major>/bin,
 * else `pg_config --bindir`. Undefined when PostgreSQL is not installed.
 */
export async function findPostgresBinDir(): Promise<string | undefined> {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v) && existsSync(join(debian, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (majors[0]) return join(debian, majors[0], 'bin');
  }
  const { code, output } = await run('pg_config', ['--bindir']);
  const dir = output.trim();
  return code === 0 && existsSync(join(dir, 'pg_ctl')) && existsSync(join(dir, 'initdb')) ? dir : undefined;
}

/** Finds PostgreSQL's server binaries, installing Debian's `postgresql` package when they are missing. */
export async function ensurePostgresInstalled(log: (line: string) => void = console.log): Promise<string> {
  const found = await findPostgresBinDir();
  if (found) return found;
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

/** Whether {@link POSTGRES_DATA_DIR} holds a database cluster already. */
export function postgresInitialized(): boolean {
  return existsSync(join(POSTGRES_DATA_DIR, 'PG_VERSION'));
}

/**
 * `initdb` a cluster of the project's own: superuser `temporal` with `password` (SCRAM),
 * listening on 127.0.0.1:`port` only, no Unix socket (its path would depend on the checkout).
 */
export async function initPostgres(binDir: string, port: number, password: string, log: (line: string) => void): Promise<void> {
  if (postgresInitialized()) return;
  await rm(POSTGRES_DATA_DIR, { recursive: true, force: true });
  await mkdir(POSTGRES_DATA_DIR, { recursive: true, mode: 0o700 });
  ownByPostgres(POSTGRES_DATA_DIR);
  // initdb reads the password from a file, which lives beside the data folder only while initdb runs.
  const pwfile = join(POSTGRES_DATA_DIR, '..', `.pwfile-${process.pid}`);
  await writeFile(pwfile, password, { mode: 0o600 });
  ownByPostgres(pwfile);
  const initLog = logFile('postgres');
  await writeFile(initLog, '', { flag: 'a' });
  ownByPostgres(initLog);
  log(`PostgreSQL: initdb ${POSTGRES_DATA_DIR}`);
  const [cmd, args] = asPostgresUser(join(binDir, 'initdb'), [
    '-D', POSTGRES_DATA_DIR, `--username=${POSTGRES_USER}`, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8',
  ]);
  const result = await run(cmd, args, { logFile: initLog });
  await rm(pwfile, { force: true });
  if (result.code !== 0) {
    await rm(POSTGRES_DATA_DIR, { recursive: true, force: true });
    throw new ClusterError('CLUSTER_POSTGRES_INIT_FAILED', `initdb failed (exit ${result.code}):\n${tail(initLog)}\n` +
      (isRoot() ? 'As root, initdb runs as `postgres`: that user must be able to reach the checkout (every parent folder needs o+x).' : ''));
  }
  // Four server processes hold up to 30 connections each (20 default store + 10 visibility).
  await appendFile(
    join(POSTGRES_DATA_DIR, 'postgresql.conf'),
    `\n# leadwire cluster (scripts/cluster/postgres.ts)\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 200\n`,
  );
}

/** The postmaster's pid from postmaster.pid, when that process is alive. */
export function postgresPid(): number | undefined {
  const file = join(POSTGRES_DATA_DIR, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return isAlive(pid) ? pid : undefined;
}

/** Starts PostgreSQL (no-op when it runs) and waits until it accepts connections. */
export async function startPostgres(binDir: string, log: (line: string) => void = console.log): Promise<number> {
  const running = postgresPid();
  if (running) return running;
  const pgLog = logFile('postgres');
  await writeFile(pgLog, '', { flag: 'a' });
  ownByPostgres(pgLog);
  log('PostgreSQL: starting');
  const [cmd, args] = asPostgresUser(join(binDir, 'pg_ctl'), ['-D', POSTGRES_DATA_DIR, '-l', pgLog, '-w', '-t', '120', 'start']);
  const result = await run(cmd, args);
  const pid = postgresPid();
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
export async function stopPostgresServer(binDir: string, mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
  if (!postgresPid()) return;
  const [cmd, args] = asPostgresUser(join(binDir, 'pg_ctl'), ['-D', POSTGRES_DATA_DIR, '-m', mode, '-w', '-t', '60', 'stop']);
  const result = await run(cmd, args);
  if (result.code !== 0 && postgresPid()) {
    throw new ClusterError('CLUSTER_POSTGRES_STOP_FAILED', `pg_ctl stop failed (exit ${result.code}): ${result.output.trim()}\n${tail(logFile('postgres'))}`);
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
