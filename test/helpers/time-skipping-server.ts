import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { INSTALL_COMMAND, isTestServerInstalled, TEST_SERVER_LAUNCHER } from '../../scripts/test-server/ensure-test-server.js';
import { freePort } from '../../src/temporal/free-port.js';

/**
 * How long the JVM may take to listen: under a second on a quiet machine, far longer with other
 * jobs on the two cores. A bound on CPU starvation, not on behaviour. (sdk-core's own launcher,
 * `createTimeSkipping({ server: { executable } })`, waits a fixed 5 s: too short here.)
 */
const STARTUP_MS = 120_000;

/** A test server process listening on 127.0.0.1. */
export interface TestServerProcess {
  address: string;
  stop(): Promise<void>;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
}

/** Starts the launcher on `port`; resolves once it listens, or with what it printed when it exited first. */
async function startOn(port: number): Promise<TestServerProcess | { exited: string }> {
  const child = spawn(TEST_SERVER_LAUNCHER, [String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  child.once('error', (err) => {
    exited = true;
    output += err.message;
  });
  const deadline = Date.now() + STARTUP_MS;
  while (!exited && Date.now() < deadline) {
    if (await listening(port)) return { address: `127.0.0.1:${port}`, stop: stopper(child) };
    await new Promise((r) => setTimeout(r, 100));
  }
  if (exited) return { exited: output };
  await stopper(child)();
  throw new Error(`Temporal's test server (${TEST_SERVER_LAUNCHER}) did not listen on port ${port} within ${STARTUP_MS / 1000} s; it printed: ${output.slice(-1000) || '(nothing)'}`);
}

/**
 * Starts Temporal's time-skipping test server (installed by `npm run test-server:install`, which
 * `npm test`'s global setup runs) on a free port of 127.0.0.1, starting again on a fresh port when
 * the one picked was taken before the JVM bound it.
 */
export async function startTestServer(): Promise<TestServerProcess> {
  if (!(await isTestServerInstalled())) {
    throw new Error(`Temporal's time-skipping test server is not installed (${TEST_SERVER_LAUNCHER} is missing). Run \`${INSTALL_COMMAND}\` (it needs Java and Maven), then run the tests again.`);
  }
  let last = '';
  for (let tries = 0; tries < 5; tries++) {
    const started = await startOn(await freePort());
    if (!('exited' in started)) return started;
    last = started.exited;
    if (!/BindException|Address already in use|Failed to bind/i.test(last)) break;
  }
  throw new Error(`Temporal's test server (${TEST_SERVER_LAUNCHER}) exited before it listened; it printed: ${last.slice(-1000) || '(nothing)'}`);
}
