import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClusterError } from './cluster-error.js';
import { GO_TOOLCHAIN, SERVER_BIN, SERVER_TOOLS_DIR, SQL_BIN, TEMPORAL_SERVER_PACKAGES, TEMPORAL_SERVER_VERSION } from './cluster-layout.js';
import { run, tail } from './processes.js';

/** The version a built binary reports (`temporal version 1.32.2`), or undefined when it does not run. */
export async function binaryVersion(path: string): Promise<string | undefined> {
  if (!existsSync(path)) return undefined;
  const { code, output } = await run(path, ['--version']);
  return code === 0 ? output.trim().split(/\s+/).at(-1) : undefined;
}

/** Whether both binaries are there and report {@link TEMPORAL_SERVER_VERSION}. */
export async function temporalServerBuilt(): Promise<boolean> {
  const [server, sql] = await Promise.all([binaryVersion(SERVER_BIN), binaryVersion(SQL_BIN)]);
  return server === TEMPORAL_SERVER_VERSION && sql === TEMPORAL_SERVER_VERSION;
}

/**
 * Builds the Temporal server and its SQL schema tool into `.tools/temporal-server/bin` with
 * `go install` (about 8–12 minutes on 2 cores from an empty module cache), unless both are
 * already there at the right version. The build goes to a scratch folder first, so an
 * interrupted build never leaves a binary that looks finished.
 */
export async function ensureTemporalServer(log: (line: string) => void = console.log): Promise<'reused' | 'built'> {
  if (await temporalServerBuilt()) {
    log(`Temporal server ${TEMPORAL_SERVER_VERSION}: reusing ${SERVER_BIN}`);
    return 'reused';
  }
  const go = await run('go', ['version']);
  if (go.code !== 0) {
    throw new ClusterError(
      'CLUSTER_GO_MISSING',
      `Building the Temporal server ${TEMPORAL_SERVER_VERSION} needs Go (1.21 or later; it fetches ${GO_TOOLCHAIN} itself), and \`go version\` failed.\n` +
        'Install Go from https://go.dev/dl/ and put it on PATH, then run `npm run cluster -- up` again.',
    );
  }
  const scratch = join(SERVER_TOOLS_DIR, 'bin.partial');
  const logPath = join(SERVER_TOOLS_DIR, 'build.log');
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  await writeFile(logPath, '');
  log(`Temporal server ${TEMPORAL_SERVER_VERSION}: building with ${go.output.trim()} (toolchain ${GO_TOOLCHAIN}) into ${SERVER_TOOLS_DIR}`);
  log('  this takes about 8-12 minutes on 2 cores the first time; progress every 30 s, full output in ' + logPath);

  const started = Date.now();
  let packages = 0;
  let downloads = 0;
  const progress = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    log(`  ... ${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s: ${downloads} modules downloaded, ${packages} packages compiled`);
  }, 30_000);
  const result = await run('go', ['install', '-v', ...TEMPORAL_SERVER_PACKAGES.map((p) => `${p}@v${TEMPORAL_SERVER_VERSION}`)], {
    env: { ...process.env, GOTOOLCHAIN: GO_TOOLCHAIN, GOBIN: scratch, GOFLAGS: process.env.GOFLAGS ?? '' },
    logFile: logPath,
    onLine: (line) => {
      if (line.startsWith('go: downloading')) downloads += 1;
      else if (line && !line.startsWith('go:')) packages += 1;
    },
  });
  clearInterval(progress);
  if (result.code !== 0) {
    throw new ClusterError(
      'CLUSTER_SERVER_BUILD_FAILED',
      `go install of the Temporal server ${TEMPORAL_SERVER_VERSION} failed (exit ${result.code}). The end of ${logPath}:\n${tail(logPath)}\n` +
        'Check network access to the Go module proxy (proxy.golang.org) and the disk space, then run `npm run cluster -- up` again.',
    );
  }
  await mkdir(join(SERVER_TOOLS_DIR, 'bin'), { recursive: true });
  await rename(join(scratch, 'server'), SERVER_BIN);
  await rename(join(scratch, 'sql'), SQL_BIN);
  await rm(scratch, { recursive: true, force: true });
  if (!(await temporalServerBuilt())) {
    throw new ClusterError('CLUSTER_SERVER_BUILD_FAILED', `The build finished but ${SERVER_BIN} does not report version ${TEMPORAL_SERVER_VERSION}. Delete ${SERVER_TOOLS_DIR} and run again.`);
  }
  log(`Temporal server ${TEMPORAL_SERVER_VERSION}: built in ${Math.round((Date.now() - started) / 1000)} s`);
  return 'built';
}
