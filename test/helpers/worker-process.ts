import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/leadwire.js', import.meta.url));

/** A leadwire worker in its own process, so a test can SIGKILL it like a crashed machine. */
export interface WorkerProcess {
  child: ChildProcess;
  /** SIGKILL: no graceful shutdown, in-flight work is lost to Temporal's timeouts. */
  kill(): Promise<void>;
}

export function startWorkerProcess(address: string, taskQueue: string, env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, [BIN, 'worker', '--address', address, '--task-queue', taskQueue], {
    env: { ...process.env, LEADWIRE_ALLOW_NETWORKS: '127.0.0.0/8,::1', LEADWIRE_LOG_LEVEL: 'ERROR', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    child,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
