import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/leadwire.js', import.meta.url));
const KILL_AFTER_MS = 150_000;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `leadwire` binary in a child process. The tests' receivers are on
 * 127.0.0.1, so loopback is opened through the SSRF guard unless a test says otherwise.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    // A bound on a starved machine (a cold start of the CLI takes 1 to 3 s on a quiet one), under the test timeout.
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, LEADWIRE_ALLOW_NETWORKS: '127.0.0.0/8,::1', ...env }, timeout: KILL_AFTER_MS }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr: error?.killed ? `${stderr}\n[runCli: leadwire ${args[0]} was killed after ${KILL_AFTER_MS / 1000} s]` : stderr });
    });
  });
}
