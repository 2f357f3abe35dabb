import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EvaluationLimitError } from '../core/errors/evaluation-limit-error.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import type { SandboxArgs, SandboxOperation, SandboxValue } from './sandbox-operations.js';
import { fromErrorData, type SandboxReady, type SandboxReply, type SandboxRequest } from './sandbox-protocol.js';

export interface SandboxPoolOptions {
  /** Sandbox processes evaluating at once; default 2 (at most the cores there are). */
  processes?: number;
  /** Longest one evaluation may run, in milliseconds, before its process is killed; default 3000. */
  timeoutMs?: number;
  /** Heap limit of each sandbox process, in MiB (V8's max-old-space-size); default 128. */
  memoryMb?: number;
  /** A prebuilt JavaScript bundle of sandbox-child to run, instead of the module next to this one. */
  entry?: string;
  /** The environment a sandbox process gets; default only TZ and LANG of this process. */
  env?: Record<string, string | undefined>;
}

export const DEFAULT_SANDBOX_TIMEOUT_MS = 3000;
export const DEFAULT_SANDBOX_MEMORY_MB = 128;

interface Task {
  id: number;
  op: SandboxOperation;
  args: unknown;
  /** What is being evaluated, for the error message ("Rendering the request for destination X"). */
  what: string;
  /** Whose config this is (the destination's name): work of a config that overran runs one at a time. */
  lane: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  child: ChildProcess;
  ready: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
  /** Set when the pool killed the process itself (a timeout, or close). */
  killed?: 'timeout' | 'close';
  /** The end of what the process wrote to stderr: how a crash is told from running out of memory. */
  stderrTail: string;
}

/** How long a lane whose evaluation overran stays confined to one process at a time, in milliseconds. */
const SUSPECT_FOR_MS = 10 * 60_000;

/** Consecutive sandbox processes that died before they were ready, after which queued work is refused. */
const MAX_FAILED_STARTS = 3;

/**
 * A small pool of sandbox processes that run every evaluation of user config (templates,
 * expressions, regexes, XPath, CSS selectors) away from the worker. Bounded by construction:
 * each process has a V8 heap limit, and an evaluation that runs past `timeoutMs` gets its
 * process SIGKILLed; either way only that evaluation fails (`EXPRESSION_LIMIT`), the worker's
 * event loop never waits on it, and a fresh process takes the place of the lost one.
 *
 * Processes rather than worker threads: a thread's `resourceLimits` do not contain one huge
 * allocation (a 300 MB string from `$pad`), which aborts the whole process.
 */
export class SandboxPool {
  readonly processes: number;
  readonly timeoutMs: number;
  readonly memoryMb: number;
  private readonly env: Record<string, string>;
  private readonly entry: string | undefined;
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private failedStarts = 0;
  /** Lanes that overran recently, until when: at most one of their evaluations runs at a time. */
  private readonly suspects = new Map<string, number>();
  /** Callers of ready() waiting for the next change. */
  private readyWaiters: (() => void)[] = [];
  /** Why the processes could not start, after MAX_FAILED_STARTS tries in a row. */
  private startError: LeadwireError | undefined;
  private closed = false;

  constructor(options: SandboxPoolOptions = {}) {
    this.processes = Math.max(1, options.processes ?? Math.min(2, availableParallelism()));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SANDBOX_TIMEOUT_MS;
    this.memoryMb = options.memoryMb ?? DEFAULT_SANDBOX_MEMORY_MB;
    this.entry = options.entry;
    const env = options.env ?? { TZ: process.env.TZ, LANG: process.env.LANG };
    this.env = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  }

  /** Starts the processes now, so the first evaluation does not wait for one to load. */
  start(): void {
    while (!this.closed && this.slots.size < this.processes) {
      this.startError = undefined;
      this.spawn();
    }
  }

  /**
   * Starts the processes and resolves once every one of them has loaded, so a worker learns
   * at start, not at its first delivery, that its sandbox cannot run.
   */
  async ready(): Promise<void> {
    this.start();
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.closed) return reject(new LeadwireError('SANDBOX_CLOSED', 'The evaluation sandbox was shut down while starting.'));
        if (this.startError) return reject(this.startError);
        const slots = [...this.slots];
        if (slots.length >= this.processes && slots.every((s) => s.ready)) return resolve();
        this.readyWaiters.push(check);
        this.updateRefs();
      };
      check();
    });
  }

  /** The sandbox processes' ids (for measuring their memory). */
  get pids(): number[] {
    return [...this.slots].map((s) => s.child.pid).filter((p): p is number => p !== undefined);
  }

  /** Runs one operation in a sandbox process. Rejects with `EXPRESSION_LIMIT` when it overruns. */
  run<K extends SandboxOperation>(op: K, args: SandboxArgs<K>, what: string, lane = ''): Promise<SandboxValue<K>> {
    if (this.closed) return Promise.reject(new LeadwireError('SANDBOX_CLOSED', 'The evaluation sandbox is shut down: the worker is stopping. The attempt will run again on another worker.', { retryable: true }));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, op, args, what, lane, resolve: resolve as (v: unknown) => void, reject });
      this.start();
      this.dispatch();
    });
  }

  /** Stops every sandbox process; queued and running evaluations are refused (retryable). */
  async close(): Promise<void> {
    this.closed = true;
    const refused = () => new LeadwireError('SANDBOX_CLOSED', 'The evaluation sandbox shut down before this evaluation ran. The attempt will run again.', { retryable: true });
    for (const task of this.queue.splice(0)) task.reject(refused());
    const exits = [...this.slots].map(
      (slot) =>
        new Promise<void>((done) => {
          if (slot.child.exitCode !== null || slot.child.signalCode !== null) return done();
          slot.child.once('exit', () => done());
          // Awaited: the process must stay alive until its sandbox is gone.
          slot.child.ref();
          slot.killed = 'close';
          slot.child.kill('SIGKILL');
        }),
    );
    await Promise.all(exits);
    this.notifyReady();
  }

  private spawn(): void {
    const slot: Slot = { child: forkSandbox(this.memoryMb, this.env, this.entry), ready: false, stderrTail: '' };
    this.slots.add(slot);
    const { child } = slot;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      slot.stderrTail = (slot.stderrTail + chunk).slice(-4096);
    });
    child.on('message', (message: SandboxReply | SandboxReady) => {
      if ('ready' in message) {
        slot.ready = true;
        this.failedStarts = 0;
        this.startError = undefined;
        this.dispatch();
        this.notifyReady();
        return;
      }
      const task = slot.task;
      if (!task || task.id !== message.id) return;
      this.finish(slot);
      if (message.ok) task.resolve(message.value);
      else task.reject(fromErrorData(message.error));
      this.dispatch();
    });
    // A fork that cannot start at all reports 'error' and then 'exit'; 'exit' does the bookkeeping.
    child.on('error', () => {});
    child.on('exit', (code, signal) => this.exited(slot, code, signal));
    this.updateRefs();
  }

  private exited(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    this.slots.delete(slot);
    const task = slot.task;
    if (task) {
      this.finish(slot);
      task.reject(this.lostTaskError(slot, task, code, signal));
    }
    if (!slot.ready && !slot.killed) this.failedStarts++;
    if (this.closed) return;
    if (this.failedStarts >= MAX_FAILED_STARTS) {
      const detail = slot.stderrTail.trim().split('\n').slice(-1)[0] || `exit ${code ?? signal}`;
      this.startError = new LeadwireError('SANDBOX_UNAVAILABLE', `The evaluation sandbox process could not start (${detail}). Check that the worker's installation is complete; the attempt will be retried.`, { retryable: true });
      for (const queued of this.queue.splice(0)) queued.reject(this.startError);
      this.failedStarts = 0;
      this.updateRefs();
      this.notifyReady();
      return;
    }
    if (this.queue.length > 0 || slot.ready) this.start();
    this.updateRefs();
  }

  private lostTaskError(slot: Slot, task: Task, code: number | null, signal: NodeJS.Signals | null): Error {
    if (slot.killed !== 'close') this.suspects.set(task.lane, Date.now() + SUSPECT_FOR_MS);
    if (slot.killed === 'timeout') return new EvaluationLimitError(task.what, 'time', `${this.timeoutMs} ms`);
    if (/heap out of memory|Allocation failed|Invalid string length/i.test(slot.stderrTail) || signal === 'SIGABRT' || code === 134) {
      return new EvaluationLimitError(task.what, 'memory', `${this.memoryMb} MiB`);
    }
    if (slot.killed === 'close') return new LeadwireError('SANDBOX_CLOSED', 'The evaluation sandbox shut down during this evaluation. The attempt will run again.', { retryable: true });
    return new LeadwireError('SANDBOX_FAILED', `The evaluation sandbox process ended unexpectedly (${signal ?? `exit code ${code}`}) during: ${task.what}. The attempt will be retried.`, { retryable: true });
  }

  private notifyReady(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const waiter of waiters) waiter();
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.task = undefined;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (!slot.ready || slot.task || slot.killed) continue;
      const index = this.queue.findIndex((t) => !this.confined(t.lane));
      if (index < 0) break;
      const task = this.queue.splice(index, 1)[0]!;
      slot.task = task;
      slot.timer = setTimeout(() => {
        slot.killed = 'timeout';
        slot.child.kill('SIGKILL');
      }, this.timeoutMs);
      const request: SandboxRequest = { id: task.id, op: task.op, args: task.args };
      try {
        slot.child.send(request);
      } catch (err) {
        // The arguments could not be serialised (a function, a symbol): a bug in the caller.
        this.finish(slot);
        task.reject(err as Error);
      }
    }
    this.updateRefs();
  }

  /**
   * Whether work of `lane` must wait. Lanes that overran recently share one process: while
   * one of their evaluations runs, the others wait; and they never take the last idle process.
   * A hostile config then holds at most one process, and the destinations that behave keep
   * another, even while a killed process is being replaced. (With one process there is
   * nothing to keep: suspects wait only for each other.)
   */
  private confined(lane: string): boolean {
    if (!this.isSuspect(lane)) return false;
    const slots = [...this.slots];
    if (slots.some((s) => s.task && this.isSuspect(s.task.lane))) return true;
    const idle = slots.filter((s) => s.ready && !s.task && !s.killed).length;
    return this.processes > 1 && idle < 2;
  }

  private isSuspect(lane: string): boolean {
    const until = this.suspects.get(lane);
    if (until === undefined) return false;
    if (until >= Date.now()) return true;
    this.suspects.delete(lane);
    return false;
  }

  /**
   * An idle pool must not keep the process alive, and a busy one must: a CLI awaiting an
   * evaluation would otherwise exit before the answer arrives.
   */
  private updateRefs(): void {
    const waiting = this.queue.length > 0 || this.readyWaiters.length > 0;
    for (const slot of this.slots) {
      const needed = slot.task !== undefined || (waiting && !slot.ready);
      const channel = slot.child.channel as { ref(): void; unref(): void } | undefined;
      const stderr = slot.child.stderr as unknown as { ref?(): void; unref?(): void } | null;
      if (needed) {
        slot.child.ref();
        channel?.ref();
        stderr?.ref?.();
      } else {
        slot.child.unref();
        channel?.unref();
        stderr?.unref?.();
      }
    }
  }
}

/** Forks one sandbox process: a given bundle or compiled JavaScript as is, the TypeScript sources through tsx. */
function forkSandbox(memoryMb: number, env: Record<string, string>, bundle: string | undefined): ChildProcess {
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
