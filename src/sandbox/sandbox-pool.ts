import { availableParallelism } from 'node:os';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import type { Standing } from './evaluation-records.js';
import type { EvaluationListener, EvaluationOutcome } from './evaluation-report.js';
import { DEFAULT_SEASON_MS, EvaluationScheduler, type Evaluation } from './evaluation-scheduler.js';
import { lostEvaluation } from './lost-evaluation.js';
import type { SandboxArgs, SandboxOperation, SandboxValue } from './sandbox-operations.js';
import { SandboxProcess } from './sandbox-process.js';
import { fromErrorData, type SandboxReply } from './sandbox-protocol.js';
import type { Lane } from './sandbox-scheduling.js';
import { DEFAULT_SANDBOX_FAST_LANE_MS, DEFAULT_SANDBOX_MEMORY_MB, DEFAULT_SANDBOX_TIMEOUT_MS, type SandboxPoolOptions } from './sandbox-pool-options.js';

export type { SandboxPoolOptions };

/** Consecutive sandbox processes that died before they were ready, after which queued work is refused. */
const MAX_FAILED_STARTS = 3;

type Proc = SandboxProcess<Evaluation>;

/**
 * A small pool of sandbox processes that run every evaluation of user config (templates,
 * expressions, regexes, XPath, CSS selectors) away from the worker. Bounded by construction:
 * each process has a V8 heap limit, and an evaluation that runs past `timeoutMs` gets its
 * process SIGKILLed; either way only that evaluation fails (`EXPRESSION_LIMIT`), the worker's
 * event loop never waits on it, and a fresh process takes the place of the lost one.
 *
 * Fair between configs (issue 20, item 4): which evaluation runs next is the policy of
 * src/sandbox/sandbox-scheduling.ts, on records of how each config's evaluations ended
 * (src/sandbox/evaluation-records.ts), keyed by a hash of the config, not its name.
 *
 * Processes rather than worker threads: a thread's `resourceLimits` do not contain one huge
 * allocation (a 300 MB string from `$pad`), which aborts the whole process.
 */
export class SandboxPool {
  readonly processes: number;
  readonly timeoutMs: number;
  readonly fastLaneMs: number;
  readonly memoryMb: number;
  private readonly env: Record<string, string>;
  private readonly entry: string | undefined;
  private readonly procs = new Set<Proc>();
  /**
   * A started process that runs nothing and takes the place of one killed by a cut at once, so
   * that the process kept for good records is back within milliseconds, not after a start. Kept
   * when runs are cut and there are 2 or more processes.
   */
  private spare: Proc | undefined;
  private readonly keepSpare: boolean;
  private readonly scheduler: EvaluationScheduler;
  private readonly listeners = new Set<EvaluationListener>();
  private nextId = 1;
  private failedStarts = 0;
  /** Callers of ready() waiting for the next change. */
  private readyWaiters: (() => void)[] = [];
  /** Why the processes could not start, after MAX_FAILED_STARTS tries in a row. */
  private startError: LeadwireError | undefined;
  private closed = false;

  constructor(options: SandboxPoolOptions = {}) {
    this.processes = Math.max(1, options.processes ?? Math.min(2, availableParallelism()));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SANDBOX_TIMEOUT_MS;
    this.fastLaneMs = Math.min(options.fastLaneMs ?? DEFAULT_SANDBOX_FAST_LANE_MS, this.timeoutMs);
    this.memoryMb = options.memoryMb ?? DEFAULT_SANDBOX_MEMORY_MB;
    this.entry = options.entry;
    this.keepSpare = this.processes > 1 && this.fastLaneMs < this.timeoutMs;
    this.scheduler = new EvaluationScheduler({ processes: this.processes, timeoutMs: this.timeoutMs, fastLaneMs: this.fastLaneMs, seasonMs: options.seasonMs ?? DEFAULT_SEASON_MS });
    const env = options.env ?? { TZ: process.env.TZ, LANG: process.env.LANG };
    this.env = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  }

  /** Starts the processes now, so the first evaluation does not wait for one to load. */
  start(): void {
    while (!this.closed && this.procs.size < this.processes) {
      this.startError = undefined;
      this.procs.add(this.spawn());
    }
    if (this.keepSpare && !this.closed && !this.spare && !this.startError) this.spare = this.spawn();
    this.updateRefs();
  }

  /**
   * Starts the processes and resolves once every one of them (the spare too) has loaded, so a
   * worker learns at start, not at its first delivery, that its sandbox cannot run.
   */
  async ready(): Promise<void> {
    this.start();
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.closed) return reject(new LeadwireError('SANDBOX_CLOSED', 'The evaluation sandbox was shut down while starting.'));
        if (this.startError) return reject(this.startError);
        const procs = [...this.procs];
        const spareReady = !this.keepSpare || this.spare?.ready === true;
        if (procs.length >= this.processes && procs.every((p) => p.ready) && spareReady) return resolve();
        this.readyWaiters.push(check);
        this.updateRefs();
      };
      check();
    });
  }

  /** The sandbox processes' ids (for measuring their memory). */
  get pids(): number[] {
    return [...this.procs, ...(this.spare ? [this.spare] : [])].map((p) => p.child.pid).filter((p): p is number => p !== undefined);
  }

  /** What runs and what waits now. */
  activity(): { queued: number; running: { id: number; run: number; identity: string; standing: Standing; lane: Lane }[] } {
    const running = [...this.procs].flatMap((p) => {
      const started = p.task?.started;
      return started ? [{ id: p.task!.id, run: started.run, identity: p.task!.identity, standing: started.standing, lane: started.lane }] : [];
    });
    return { queued: this.scheduler.queued, running };
  }

  /** Calls `listener` with a report of every run of an evaluation as it ends; returns how to stop. */
  onEvaluation(listener: EvaluationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs one operation in a sandbox process, as an evaluation of `identity`'s config
   * (`evaluationIdentity(op, config)`). Rejects with `EXPRESSION_LIMIT` when it overruns.
   */
  run<K extends SandboxOperation>(op: K, args: SandboxArgs<K>, what: string, identity: string): Promise<SandboxValue<K>> {
    if (this.closed) return Promise.reject(new LeadwireError('SANDBOX_CLOSED', 'The evaluation sandbox is shut down: the worker is stopping. The attempt will run again on another worker.', { retryable: true }));
    return new Promise((resolve, reject) => {
      const evaluation: Evaluation = { id: this.nextId++, op, args, what, identity, resolve: resolve as (v: unknown) => void, reject, queuedAt: 0, busyMark: 0 };
      this.scheduler.add(evaluation, performance.now());
      this.dispatch();
      this.start();
    });
  }

  /** Stops every sandbox process; queued and running evaluations are refused (retryable). */
  async close(): Promise<void> {
    this.closed = true;
    const refused = () => new LeadwireError('SANDBOX_CLOSED', 'The evaluation sandbox shut down before this evaluation ran. The attempt will run again.', { retryable: true });
    for (const evaluation of this.scheduler.drain()) evaluation.reject(refused());
    const exits = [...this.procs, ...(this.spare ? [this.spare] : [])].map(
      (proc) =>
        new Promise<void>((done) => {
          if (proc.exited) return done();
          proc.child.once('exit', () => done());
          // Awaited: the process must stay alive until its sandbox is gone.
          proc.child.ref();
          proc.kill('close');
        }),
    );
    await Promise.all(exits);
    this.notifyReady();
  }

  private spawn(): Proc {
    return new SandboxProcess<Evaluation>(
      { memoryMb: this.memoryMb, env: this.env, entry: this.entry },
      {
        ready: () => {
          this.failedStarts = 0;
          this.startError = undefined;
          this.dispatch();
          this.notifyReady();
        },
        reply: (p, reply) => this.answered(p, reply),
        exit: (p, code, signal) => (p === this.spare ? this.spareExited(p, code, signal) : this.exited(p, code, signal)),
      },
    );
  }

  /** The spare went away (it crashed, or the pool closed): another is started. */
  private spareExited(proc: Proc, code: number | null, signal: NodeJS.Signals | null): void {
    this.spare = undefined;
    if (!proc.ready && !proc.killed) this.failedStarts++;
    if (this.closed) return;
    if (this.failedStarts >= MAX_FAILED_STARTS) return this.refuseAll(proc, code, signal);
    this.start();
  }

  /**
   * A process in place of a lost one: the spare when it is ready, else a new one. Not the spare
   * for a process lost in the shared lane: that one may start slowly, and the spare is kept for
   * the cuts beside it, which would otherwise leave configs with a good record waiting for a start.
   */
  private replace(lost: Evaluation | undefined): void {
    if (this.spare?.ready && lost?.started?.lane !== 'shared') {
      this.procs.add(this.spare);
      this.spare = undefined;
    } else {
      this.procs.add(this.spawn());
    }
  }

  private answered(proc: Proc, reply: SandboxReply): void {
    const task = proc.task;
    if (!task || task.id !== reply.id) return;
    proc.clear();
    const now = performance.now();
    this.scheduler.finished(task, now);
    this.report(task, reply.ok ? 'finished' : 'failed', now);
    if (reply.ok) task.resolve(reply.value);
    else task.reject(fromErrorData(reply.error));
    this.dispatch();
  }

  private exited(proc: Proc, code: number | null, signal: NodeJS.Signals | null): void {
    this.procs.delete(proc);
    const task = proc.clear();
    if (!proc.ready && !proc.killed) this.failedStarts++;
    const replace = !this.closed && this.failedStarts < MAX_FAILED_STARTS && (this.scheduler.queued > 0 || proc.ready);
    // The replacement first: the spare at once, or a new process that, while it starts, counts
    // as taken in the shared lane, so the evaluation just lost or cut cannot take the process
    // kept for good records meanwhile.
    if (replace && this.procs.size < this.processes) this.replace(task);
    if (task) this.lost(proc, task, code, signal);
    if (this.closed) return;
    if (this.failedStarts >= MAX_FAILED_STARTS) return this.refuseAll(proc, code, signal);
    if (replace) this.start();
    // A spare that took the lost one's place is ready now: give it work.
    this.dispatch();
  }

  /** An evaluation whose process went away: cut from the fast lane (run again), or lost. */
  private lost(proc: Proc, task: Evaluation, code: number | null, signal: NodeJS.Signals | null): void {
    const now = performance.now();
    if (proc.killed === 'cut' && !this.closed) {
      this.report(task, 'cut', now);
      this.scheduler.putBack(task, now);
      this.dispatch();
      return;
    }
    const { outcome, error } = lostEvaluation({ killed: proc.killed, stderrTail: proc.stderrTail, code, signal }, task.what, { timeoutMs: this.timeoutMs, memoryMb: this.memoryMb });
    if (outcome !== 'closed') this.scheduler.overran(task, now);
    this.report(task, outcome, now);
    task.reject(error);
  }

  private refuseAll(proc: Proc, code: number | null, signal: NodeJS.Signals | null): void {
    const detail = proc.stderrTail.trim().split('\n').slice(-1)[0] || `exit ${code ?? signal}`;
    this.startError = new LeadwireError('SANDBOX_UNAVAILABLE', `The evaluation sandbox process could not start (${detail}). Check that the worker's installation is complete; the attempt will be retried.`, { retryable: true });
    for (const queued of this.scheduler.drain()) queued.reject(this.startError);
    this.failedStarts = 0;
    this.updateRefs();
    this.notifyReady();
  }

  private notifyReady(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const waiter of waiters) waiter();
  }

  /** Gives every idle process the evaluation the scheduling policy picks, while there are any. */
  private dispatch(): void {
    for (const proc of this.procs) {
      if (this.scheduler.queued === 0) break;
      if (!proc.idle) continue;
      const next = this.scheduler.next([...this.procs], this.spare?.ready === true, performance.now());
      if (!next) break;
      const { evaluation, limitMs, killAs } = next;
      try {
        proc.run(evaluation, { id: evaluation.id, op: evaluation.op, args: evaluation.args }, limitMs, killAs);
      } catch (err) {
        // The arguments could not be serialised (a function, a symbol): a bug in the caller.
        evaluation.reject(err as Error);
      }
    }
    this.scheduler.noteBusy([...this.procs]);
    this.updateRefs();
  }

  private report(evaluation: Evaluation, outcome: EvaluationOutcome, now: number): void {
    const report = this.listeners.size > 0 ? this.scheduler.report(evaluation, outcome, now) : undefined;
    if (!report) return;
    for (const listener of this.listeners) {
      try {
        listener(report);
      } catch {
        // A listener's bug must not stop the sandbox.
      }
    }
  }

  /**
   * An idle pool must not keep the process alive, and a busy one must: a CLI awaiting an
   * evaluation would otherwise exit before the answer arrives.
   */
  private updateRefs(): void {
    const waiting = this.scheduler.queued > 0 || this.readyWaiters.length > 0;
    for (const proc of this.procs) proc.hold(proc.task !== undefined || (waiting && !proc.ready));
    this.spare?.hold(this.readyWaiters.length > 0 && !this.spare.ready);
  }
}
