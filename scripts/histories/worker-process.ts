import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/leadwire.js', import.meta.url));

/** A leadwire worker in a process of its own, to be SIGKILLed mid-request like a crashed machine. */
export interface WorkerProcess {
  kill(): Promise<void>;
}

/**
 * `leadwire worker` on one task queue, loopback opened, with none of the recorder's own
 * LEADWIRE_* or OTEL_* settings (no real secret, codec key or exporter). SIGKILLed when this
 * process exits, if still running.
 */
export function startWorkerProcess(address: string, taskQueue: string, allowNetworks: string[]): WorkerProcess {
  const child = spawn(process.execPath, [BIN, 'worker', '--address', address, '--task-queue', taskQueue], {
    env: { ...withoutLeadwireSettings(process.env), LEADWIRE_ALLOW_NETWORKS: allowNetworks.join(','), LEADWIRE_LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    kill: () =>
      new Promise<void>((resolve) => {
        process.removeListener('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

function withoutLeadwireSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('LEADWIRE_') && !k.startsWith('OTEL_')));
}
