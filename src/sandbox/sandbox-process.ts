import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SandboxReady, SandboxReply, SandboxRequest } from './sandbox-protocol.js';

interface SandboxProcessOptions {
  memoryMb: number;
  env: Record<string, string>;
  /** A prebuilt JavaScript bundle of sandbox-child to run, instead of the module next to this one. */
  entry: string | undefined;
}

interface SandboxProcessEvents<T> {
  ready(proc: SandboxProcess<T>): void;
  reply(proc: SandboxProcess<T>, reply: SandboxReply): void;
  exit(proc: SandboxProcess<T>, code: number | null, signal: NodeJS.Signals | null): void;
}

/** Why the pool killed a process itself. */
export type KillReason = 'timeout' | 'cut' | 'close';

/**
 * One sandbox process and the one evaluation it runs (`T`: the pool's record of it). It is
 * killed, never asked, when the evaluation runs past its limit: a runaway regex does not
 * listen to messages.
 */
export class SandboxProcess<T> {
  readonly child: ChildProcess;
  ready = false;
  task: T | undefined;
  /** Set when the pool killed the process itself. */
  killed: KillReason | undefined;
  /** The end of what the process wrote to stderr: how a crash is told from running out of memory. */
  stderrTail = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(options: SandboxProcessOptions, events: SandboxProcessEvents<T>) {
    this.child = forkSandbox(options);
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4096);
    });
    this.child.on('message', (message: SandboxReply | SandboxReady) => {
      if ('ready' in message) {
        this.ready = true;
        events.ready(this);
      } else {
        events.reply(this, message);
      }
    });
    // A fork that cannot start at all reports 'error' and then 'exit'; 'exit' does the bookkeeping.
    this.child.on('error', () => {});
    this.child.on('exit', (code, signal) => events.exit(this, code, signal));
  }

  /** Ready and running nothing. */
  get idle(): boolean {
    return this.ready && this.task === undefined && this.killed === undefined;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Sends one evaluation; past `limitMs` the process is killed, as `reason`. Throws when the request cannot be serialised. */
  run(task: T, request: SandboxRequest, limitMs: number, reason: KillReason): void {
    this.task = task;
    this.timer = setTimeout(() => this.kill(reason), limitMs);
    try {
      this.child.send(request);
    } catch (err) {
      this.clear();
      throw err;
    }
  }

  /** Forgets the evaluation (it answered, or the process is gone) and stops its timer. */
  clear(): T | undefined {
    const task = this.task;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.task = undefined;
    return task;
  }

  kill(reason: KillReason): void {
    this.killed = reason;
    this.child.kill('SIGKILL');
  }

  /**
   * Whether the process keeps this one alive. An idle pool must not, and a busy one must: a CLI
   * awaiting an evaluation would otherwise exit before the answer arrives.
   */
  hold(needed: boolean): void {
    const channel = this.child.channel as { ref(): void; unref(): void } | undefined;
    const stderr = this.child.stderr as unknown as { ref?(): void; unref?(): void } | null;
    if (needed) {
      this.child.ref();
      channel?.ref();
      stderr?.ref?.();
    } else {
      this.child.unref();
      channel?.unref();
      stderr?.unref?.();
    }
  }
}

/** Forks one sandbox process: a given bundle or compiled JavaScript as is, the TypeScript sources through tsx. */
function forkSandbox({ memoryMb, env, entry: bundle }: SandboxProcessOptions): ChildProcess {
  const fromSource = bundle === undefined && import.meta.url.endsWith('.ts');
  const entry = bundle ?? fileURLToPath(new URL(`./sandbox-child.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  const loader = fromSource ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  return fork(entry, [], {
    execArgv: [`--max-old-space-size=${memoryMb}`, ...loader],
    serialization: 'advanced',
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
}
