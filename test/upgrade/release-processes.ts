import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

/** Where a release's processes connect: the server, and the task queue its workers poll. */
export interface Target {
  address: string;
  taskQueue: string;
}

/** A release's code: the root of a checkout, whose `bin/leadwire.js` is its CLI. */
export interface Release {
  /** `previous` or `current`, in log lines and log file names. */
  name: string;
  root: string;
  /** Records a worker started from this release's checkout (so a later run can end it if this one is killed). */
  adopt?(pid: number): Promise<void>;
}

/** Every process a release runs (workers, CLIs) while it runs: ended with the test, however it ends. */
const running = new Set<ChildProcess>();
process.once('exit', () => killReleaseProcesses());

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
}

/** SIGKILLs every release process still running (a failed or interrupted run). */
export function killReleaseProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
}

export interface ReleaseWorker {
  label: string;
  pid: number;
  /** Resolves when the process has exited, with how. */
  exited: Promise<string>;
  /** SIGTERM (graceful: the worker stops polling and finishes what it holds) or SIGKILL (a crash). */
  signal(signal: 'SIGTERM' | 'SIGKILL'): void;
}

/**
 * The environment of a release's processes: none of this process's LEADWIRE_* or OTEL_* settings
 * (no codec key, secrets file or exporter), loopback opened through the SSRF guard (the
 * receiver is on 127.0.0.1), and quiet logs.
 */
export function releaseEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('LEADWIRE_') && !k.startsWith('OTEL_')));
  return { ...kept, LEADWIRE_ALLOW_NETWORKS: '127.0.0.0/8,::1', LEADWIRE_LOG_LEVEL: 'warn' };
}

/**
 * `<release>/bin/leadwire.js worker` on the target, its output appended to `<logDir>/<label>.log`.
 * Ready once the server lists its pid among the task queue's workflow and activity pollers
 * (Temporal's own view, the same for every release).
 */
export async function startReleaseWorker(release: Release, target: Target, temporal: Client, label: string, logDir: string): Promise<ReleaseWorker> {
  const child = spawn(process.execPath, [join(release.root, 'bin', 'leadwire.js'), 'worker', '--address', target.address, '--task-queue', target.taskQueue], {
    cwd: release.root,
    env: releaseEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(join(logDir, `${label}.log`), { flags: 'a' });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, sig) => resolve(sig ? `killed by ${sig}` : `exit code ${code}`)));
  track(child);
  const pid = child.pid!;
  await release.adopt?.(pid);
  await waitUntilPolling(temporal, target.taskQueue, pid, exited, label).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  return { label, pid, exited, signal: (s) => void child.kill(s) };
}

async function waitUntilPolling(temporal: Client, taskQueue: string, pid: number, exited: Promise<string>, label: string, timeoutMs = 180_000): Promise<void> {
  let gone: string | undefined;
  void exited.then((how) => (gone = how));
  const deadline = Date.now() + timeoutMs;
  const polling = async (type: proto.temporal.api.enums.v1.TaskQueueType) => {
    const { pollers } = await temporal.workflowService.describeTaskQueue({ namespace: temporal.options.namespace, taskQueue: { name: taskQueue }, taskQueueType: type });
    return (pollers ?? []).some((p) => p.identity?.startsWith(`${pid}@`));
  };
  const { TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY } = proto.temporal.api.enums.v1.TaskQueueType;
  for (;;) {
    if (gone) throw new Error(`worker ${label} (pid ${pid}) ${gone} before it polled; see its log`);
    if (Date.now() > deadline) throw new Error(`worker ${label} (pid ${pid}) did not poll ${taskQueue} within ${timeoutMs / 1000} s`);
    if ((await polling(TASK_QUEUE_TYPE_WORKFLOW).catch(() => false)) && (await polling(TASK_QUEUE_TYPE_ACTIVITY).catch(() => false))) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `<release>/bin/leadwire.js <args> --address <server> --task-queue <queue>`; fails when it exits non-zero, with its output. */
export function runReleaseCli(release: Release, target: Target, args: string[], okCodes: number[] = [0]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [join(release.root, 'bin', 'leadwire.js'), ...args, '--address', target.address, '--task-queue', target.taskQueue], {
      cwd: release.root,
      env: releaseEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const run = { code: code ?? 1, stdout, stderr };
      if (okCodes.includes(run.code)) resolve(run);
      else reject(new Error(`${release.name} CLI: leadwire ${args.join(' ')} exited ${code}\n${stderr || stdout}`));
    });
  });
}
