// `npm run test:cluster-anywhere [-- --user <name>]`: `npm run cluster` from a fresh clone inside
// a private `mktemp -d` folder (mode 0700), as this user or, from root, as an ordinary one:
// up, one lead delivered through it by the clone's own worker and CLI, then down --purge, and
// checks that nothing it made is left. CI runs it as root and as an ordinary user.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { SERVER_BIN, SERVER_TOOLS_DIR, SQL_BIN } from './cluster/cluster-layout.js';
import type { ClusterState } from './cluster/cluster-state.js';
import { temporalServerBuilt } from './cluster/temporal-server-build.js';
import { isAlive, isRoot, run, type RunOptions } from './cluster/processes.js';
import { PROJECT_ROOT } from '../src/temporal/project-root.js';

const { values } = parseArgs({
  options: {
    user: { type: 'string' },
    port: { type: 'string', default: process.env.LEADWIRE_ANYWHERE_PORT ?? '27233' },
    'postgres-port': { type: 'string', default: process.env.LEADWIRE_ANYWHERE_POSTGRES_PORT ?? '25434' },
  },
});

const say = (line: string) => console.log(`cluster-anywhere: ${line}`);

class CheckFailed extends Error {}
function check(ok: boolean, what: string): void {
  if (!ok) throw new CheckFailed(what);
  say(`ok: ${what}`);
}

interface Account {
  name: string;
  uid: number;
  gid: number;
}

/** The account from /etc/passwd (the check runs the clone's commands as it with runuser). */
function account(name: string): Account {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new CheckFailed(`no user ${name}: create one first (useradd ${name})`);
  const [, , uid, gid] = line.split(':');
  return { name, uid: Number(uid), gid: Number(gid) };
}

/** Runs a command in the clone, as `user` when given; its output goes to the log as it comes. */
function inClone(clone: string, env: NodeJS.ProcessEnv, user: Account | undefined) {
  return async (what: string, command: string, args: string[], options: RunOptions = {}) => {
    const [cmd, argv] = user ? ['runuser', ['-u', user.name, '--', command, ...args]] : [command, args];
    const result = await run(cmd, argv, { cwd: clone, env, onLine: (l) => l && console.log(`  | ${l}`), ...options });
    if (result.code !== 0) throw new CheckFailed(`${what} failed (exit ${result.code})`);
    return result.output;
  };
}

/** A fresh clone of this checkout's HEAD, with its node_modules and its Temporal server build. */
async function makeClone(dir: string, user: Account | undefined): Promise<{ clone: string; serverDir: string }> {
  const clone = join(dir, 'leadwire');
  const head = (await run('git', ['-C', PROJECT_ROOT, 'rev-parse', 'HEAD'])).output.trim();
  for (const args of [['clone', '--quiet', '--no-checkout', PROJECT_ROOT, clone], ['-C', clone, 'checkout', '--quiet', '--detach', head]]) {
    const git = await run('git', args);
    if (git.code !== 0) throw new CheckFailed(`git ${args.join(' ')} failed: ${git.output}`);
  }
  // The server takes minutes to build: the clone reuses this checkout's (LEADWIRE_TEMPORAL_SERVER_DIR).
  // Another user may not reach this checkout (in /root, say): it gets copies in its private folder.
  let serverDir = SERVER_TOOLS_DIR;
  if (!user) {
    await symlink(join(PROJECT_ROOT, 'node_modules'), join(clone, 'node_modules'));
  } else {
    serverDir = join(dir, 'temporal-server');
    await mkdir(join(serverDir, 'bin'), { recursive: true });
    await Promise.all([copyFile(SERVER_BIN, join(serverDir, 'bin', 'server')), copyFile(SQL_BIN, join(serverDir, 'bin', 'sql'))]);
    const chown = await run('chown', ['-R', `${user.uid}:${user.gid}`, dir]);
    if (chown.code !== 0) throw new CheckFailed(`chown of ${dir} to ${user.name} failed: ${chown.output}`);
    // node_modules stays root's (world-readable) and is hard-linked where it can be: chowning
    // shared inodes would change this checkout's files too.
    const modules = join(PROJECT_ROOT, 'node_modules');
    const linked = await run('cp', ['-al', modules, join(clone, 'node_modules')]);
    if (linked.code !== 0) {
      await rm(join(clone, 'node_modules'), { recursive: true, force: true });
      const copied = await run('cp', ['-a', modules, join(clone, 'node_modules')]);
      if (copied.code !== 0) throw new CheckFailed(`copying node_modules into ${clone} failed: ${copied.output}`);
    }
  }
  say(`cloned ${head.slice(0, 12)} into ${clone}`);
  return { clone, serverDir };
}

/** A receiver on 127.0.0.1 that answers 200 and keeps each request's body. */
async function startReceiver(): Promise<{ url: string; bodies: unknown[]; close(): void }> {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text || 'null'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/leads`, bodies, close: () => server.close() };
}

/** Starts the clone's `leadwire worker` in a process group of its own (runuser and node stop together). */
function startWorker(clone: string, env: NodeJS.ProcessEnv, user: Account | undefined, address: string, taskQueue: string): ChildProcess {
  const args = [join(clone, 'bin', 'leadwire.js'), 'worker', '--address', address, '--task-queue', taskQueue];
  const [cmd, argv] = user ? ['runuser', ['-u', user.name, '--', process.execPath, ...args]] : [process.execPath, args];
  const worker = spawn(cmd, argv, { cwd: clone, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  worker.stderr?.on('data', (c: Buffer) => process.stderr.write(`  worker | ${c.toString()}`));
  return worker;
}

async function stopWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null || !worker.pid) return;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.stderr?.removeAllListeners('data'); // runuser's own "Session terminated" is no news
  process.kill(-worker.pid, 'SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000).unref())]);
  if (worker.exitCode === null && worker.signalCode === null) process.kill(-worker.pid, 'SIGKILL');
}

/** One lead through the cluster: the clone's worker runs it, the clone's CLI starts it and waits for its outcome. */
async function deliverOneLead(clone: string, dir: string, env: NodeJS.ProcessEnv, user: Account | undefined, address: string): Promise<void> {
  const receiver = await startReceiver();
  const destination = join(dir, 'anywhere.yaml');
  await writeFile(destination, `name: Anywhere check\nurl: ${receiver.url}\nallow_insecure_http: true\ntimeout: 5000\nbody:\n  format: json\n  mapping:\n    lead_id: id\n    email: email\n`);
  if (user) await run('chown', [`${user.uid}:${user.gid}`, destination]);
  const taskQueue = `anywhere-${randomUUID()}`;
  // The worker may send to loopback (its SSRF guard refuses private addresses by default).
  const worker = startWorker(clone, { ...env, LEADWIRE_ALLOW_NETWORKS: '127.0.0.0/8' }, user, address, taskQueue);
  try {
    const lead = { id: `anywhere-${Date.now()}`, email: 'ada@example.com' };
    const output = await inClone(clone, env, user)('leadwire deliver --wait', process.execPath, [
      join(clone, 'bin', 'leadwire.js'), 'deliver', destination, '--lead', JSON.stringify(lead), '--wait', '--json', '--address', address, '--task-queue', taskQueue,
    ], { onLine: () => {} });
    const result = JSON.parse(output.slice(output.indexOf('{'))) as { outcome?: string };
    check(result.outcome === 'success', `the lead was delivered through the cluster (outcome ${result.outcome})`);
    check(receiver.bodies.length === 1 && (receiver.bodies[0] as { lead_id?: string }).lead_id === lead.id, `the receiver got it once (${receiver.bodies.length} request)`);
  } finally {
    await stopWorker(worker);
    receiver.close();
  }
}

/** What `up` made: PostgreSQL's folder outside the clone as root, inside it as an ordinary user, owned by whoever runs PostgreSQL, 0700. */
function checkPostgresPlace(state: ClusterState, clone: string, runsAsRoot: boolean, ownerUid: number): void {
  const pg = state.postgres;
  check(pg !== undefined, 'state.json records where PostgreSQL keeps its data');
  const inside = !relative(clone, pg!.dataDir).startsWith('..');
  check(runsAsRoot ? !inside && pg!.home !== undefined : inside, `PostgreSQL's data is ${runsAsRoot ? 'outside the clone, in a folder of postgres\'s own' : 'in the clone'}: ${pg!.dataDir}`);
  const data = statSync(pg!.dataDir);
  check((data.mode & 0o777) === 0o700 && data.uid === ownerUid, `its data folder has mode ${(data.mode & 0o777).toString(8)} and belongs to uid ${data.uid}, the user PostgreSQL runs as`);
}

async function main(): Promise<void> {
  const user = values.user ? account(values.user) : undefined;
  if (user && !isRoot()) throw new CheckFailed('--user needs root (the check runs the clone as that user with runuser)');
  if (!(await temporalServerBuilt())) throw new CheckFailed(`no Temporal server build in ${SERVER_TOOLS_DIR} to share: run \`npm run cluster -- up\` here once first`);
  const dir = await mkdtemp(join(tmpdir(), 'leadwire-anywhere-'));
  await chmod(dir, 0o700);
  const who = user ? `${user.name} (uid ${user.uid})` : isRoot() ? 'root' : `uid ${process.getuid?.()}`;
  let clone: string | undefined;
  let env: NodeJS.ProcessEnv = process.env;
  try {
    const made = await makeClone(dir, user);
    clone = made.clone;
    const folder = statSync(dir);
    check((folder.mode & 0o777) === 0o700 && folder.uid === (user?.uid ?? process.getuid?.()), `the clone is inside ${dir}, mode 700, owned by ${who}`);
    const { LEADWIRE_CLUSTER_DIR: _dir, LEADWIRE_CLUSTER_PORT: _port, LEADWIRE_CLUSTER_POSTGRES_PORT: _pgPort, ...rest } = process.env;
    env = { ...rest, LEADWIRE_TEMPORAL_SERVER_DIR: made.serverDir, ...(user ? { HOME: dir, USER: user.name, LOGNAME: user.name } : {}) };
    const runIn = inClone(clone, env, user);
    say(`npm run cluster -- up, as ${who}`);
    await runIn('cluster up', process.execPath, ['--import', 'tsx', 'scripts/run-cluster.ts', 'up', '--port', values.port!, '--postgres-port', values['postgres-port']!]);
    const state = JSON.parse(readFileSync(join(clone, '.leadwire', 'cluster', 'state.json'), 'utf8')) as ClusterState;
    const runsAsRoot = !user && isRoot();
    checkPostgresPlace(state, clone, runsAsRoot, runsAsRoot ? account('postgres').uid : (user?.uid ?? process.getuid!()));
    await deliverOneLead(clone, dir, env, user, state.address);
    say('npm run cluster -- down --purge');
    await runIn('cluster down --purge', process.execPath, ['--import', 'tsx', 'scripts/run-cluster.ts', 'down', '--purge']);
    const pids = Object.values(state.services).map((s) => s!.pid);
    check(pids.every((pid) => !isAlive(pid)), `the four services are gone (pids ${pids.join(', ')})`);
    check(!existsSync(join(clone, '.leadwire', 'cluster')), 'the cluster folder is deleted');
    check(!existsSync(state.postgres!.dataDir) && (!state.postgres!.home || !existsSync(state.postgres!.home)), `PostgreSQL's folder is deleted (${state.postgres!.home ?? state.postgres!.dataDir})`);
    clone = undefined;
  } finally {
    // A failed check still leaves nothing running: down --purge, then the folder.
    if (clone && existsSync(join(clone, '.leadwire', 'cluster', 'state.json'))) {
      await inClone(clone, env, user)('cleanup: cluster down --purge', process.execPath, ['--import', 'tsx', 'scripts/run-cluster.ts', 'down', '--purge']).catch((err: unknown) => say(String(err)));
    }
    await rm(dir, { recursive: true, force: true });
  }
  say(`passed, as ${who}`);
}

try {
  await main();
} catch (err) {
  if (!(err instanceof CheckFailed)) throw err;
  console.error(`cluster-anywhere: FAILED: ${err.message}`);
  process.exitCode = 1;
}
