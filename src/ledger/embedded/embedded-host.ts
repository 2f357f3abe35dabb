import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import { startWireServer, type WireServer } from './wire-server.js';

/** How to reach the embedded ledger's server: always 127.0.0.1. */
export interface WireAddress {
  port: number;
  password: string;
}

/** What `host.json` in the ledger's folder says while a process serves it. */
interface HostFile extends WireAddress {
  pid: number;
}

/** The embedded ledger as this process reaches it: served by this process (`hosting`) or by another. */
export interface EmbeddedLedgerAccess {
  address: WireAddress;
  hosting: boolean;
  /** Stops serving (when hosting): clients of other processes move to the next process that needs the ledger. */
  release(): Promise<void>;
}

const WAIT_FOR_HOST_MS = 180_000;

/**
 * Reaches the embedded ledger in `dir`. One process at a time opens the PGlite data folder (it
 * holds `host.lock`) and serves it on a loopback port with a random password, written to
 * `host.json` (mode 0600); every other process connects there. A lock whose process is gone is
 * taken over. `openDatabase` is only called when this process becomes the host.
 */
export async function reachEmbeddedLedger(dir: string, openDatabase: (dataDir: string) => Promise<HostedDatabase>): Promise<EmbeddedLedgerAccess> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const deadline = Date.now() + WAIT_FOR_HOST_MS;
  while (Date.now() < deadline) {
    if (await takeLock(dir)) return host(dir, openDatabase);
    const existing = await readHostFile(dir);
    if (existing && isAlive(existing.pid)) return { address: { port: existing.port, password: existing.password }, hosting: false, release: async () => {} };
    const holder = await lockHolder(dir);
    if (holder !== undefined && !isAlive(holder)) await clearStaleLock(dir, holder);
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new LeadwireError('LEDGER_UNREACHABLE', `The embedded ledger in ${dir} is held by another process that has not started serving it in ${WAIT_FOR_HOST_MS / 1000} s (see ${join(dir, 'host.lock')}). Stop that process, or delete host.lock if no leadwire process runs.`, { retryable: true });
}

/** A PGlite database this process opened, and how to close it. */
export interface HostedDatabase {
  db: Parameters<typeof startWireServer>[0]['db'];
  close(): Promise<void>;
}

async function host(dir: string, openDatabase: (dataDir: string) => Promise<HostedDatabase>): Promise<EmbeddedLedgerAccess> {
  let database: HostedDatabase | undefined;
  let server: WireServer | undefined;
  try {
    database = await openDatabase(join(dir, 'pgdata'));
    const password = randomBytes(24).toString('base64url');
    server = await startWireServer({ db: database.db, password });
    const file: HostFile = { pid: process.pid, port: server.port, password };
    await writeFile(join(dir, 'host.json.tmp'), JSON.stringify(file), { mode: 0o600 });
    await rename(join(dir, 'host.json.tmp'), join(dir, 'host.json'));
  } catch (err) {
    await server?.stop();
    await database?.close();
    await rm(join(dir, 'host.lock'), { force: true });
    throw err;
  }
  const running = { server, database };
  let released: Promise<void> | undefined;
  return {
    address: { port: server.port, password: (await readHostFile(dir))!.password },
    hosting: true,
    release() {
      released ??= (async () => {
        await rm(join(dir, 'host.json'), { force: true });
        await running.server.stop();
        await running.database.close();
        await rm(join(dir, 'host.lock'), { force: true });
      })();
      return released;
    },
  };
}

async function takeLock(dir: string): Promise<boolean> {
  try {
    await writeFile(join(dir, 'host.lock'), String(process.pid), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

async function lockHolder(dir: string): Promise<number | undefined> {
  const text = await readFile(join(dir, 'host.lock'), 'utf8').catch(() => undefined);
  const pid = Number(text);
  return text && Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Removes a dead process's lock; the rename makes sure only one process clears it. */
async function clearStaleLock(dir: string, deadPid: number): Promise<void> {
  const aside = join(dir, `host.lock.stale-${process.pid}`);
  try {
    await rename(join(dir, 'host.lock'), aside);
  } catch {
    return;
  }
  if ((await readFile(aside, 'utf8').catch(() => '')) === String(deadPid)) {
    await rm(join(dir, 'host.json'), { force: true });
    await rm(aside, { force: true });
  } else {
    // Another process took the lock between our read and our rename: give it back.
    await rename(aside, join(dir, 'host.lock')).catch(() => {});
  }
}

async function readHostFile(dir: string): Promise<HostFile | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, 'host.json'), 'utf8')) as HostFile;
    return Number.isInteger(parsed.port) && typeof parsed.password === 'string' && Number.isInteger(parsed.pid) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
