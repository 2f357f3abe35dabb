import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./worker-child.ts', import.meta.url));

/**
 * A supervised worker process: `kill()` is a SIGKILL (a crashed machine), `start()` brings a
 * new one up. A worker that dies on its own (e.g. it gave up on an unreachable server) is
 * restarted like a process manager would, and counted.
 */
export interface WorkerSupervisor {
  start(): Promise<void>;
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** SIGKILLs sent, and unplanned exits that were restarted. */
  readonly kills: number;
  readonly unplannedExits: number;
  /** Every process it started, in order: a worker's identity in Temporal's history is `<pid>@<host>`. */
  readonly pids: readonly number[];
}

export function superviseWorker(env: { address: string; taskQueue: string; bundle: string }): WorkerSupervisor {
  let child: ChildProcess | undefined;
  let kills = 0;
  let unplannedExits = 0;
  let stopping = false;
  const pids: number[] = [];

  const start = async (): Promise<void> => {
    const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: {
        ...process.env,
        FAULTS_ADDRESS: env.address,
        FAULTS_TASK_QUEUE: env.taskQueue,
        FAULTS_BUNDLE: env.bundle,
        // The SSRF guard: the counting receiver lives on loopback.
        LEADWIRE_ALLOW_NETWORKS: '127.0.0.0/8,::1',
        LEADWIRE_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    if (proc.pid) pids.push(proc.pid);
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    proc.once('exit', (code, signal) => {
      if (child !== proc || stopping || signal === 'SIGKILL') return;
      unplannedExits++;
      console.error(`  worker exited on its own (code ${code}); restarting. ${err.trim().split('\n').slice(-3).join(' | ')}`);
      child = undefined;
      // A short pause, so a worker that cannot start (server still down) does not spin.
      setTimeout(() => void (stopping ? undefined : start().catch(() => undefined)), 1000);
    });
    await new Promise<void>((resolve, reject) => {
      // A bound on CPU starvation, not a target: a restart takes a second or two on quiet cores,
      // and over 60 s with other test runs beside the suite (load average 50 on 2 cores).
      const timer = setTimeout(() => reject(new Error(`worker did not start within 180 s: ${err}`)), 180_000);
      proc.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  };

  const killNow = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const proc = child;
      child = undefined;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      proc.kill(signal);
    });

  return {
    start,
    async kill() {
      kills++;
      await killNow('SIGKILL');
    },
    async stop() {
      stopping = true;
      await killNow('SIGTERM');
    },
    get kills() {
      return kills;
    },
    get unplannedExits() {
      return unplannedExits;
    },
    pids,
  };
}
