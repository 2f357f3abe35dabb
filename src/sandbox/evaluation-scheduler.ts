import { DEFAULT_MAX_IDENTITIES, DEFAULT_RECORD_HALF_LIFE_MS, EvaluationRecords, type Standing } from './evaluation-records.js';
import { EvaluationQueue } from './evaluation-queue.js';
import { BusyLog, type EvaluationOutcome, type EvaluationReport } from './evaluation-report.js';
import type { SandboxOperation } from './sandbox-operations.js';
import type { KillReason } from './sandbox-process.js';
import { nextEvaluation, type Lane, type Occupancy } from './sandbox-scheduling.js';

/** How old a good record must be before its config runs in the fast lane rather than on probation. */
export const DEFAULT_SEASON_MS = 10 * 60_000;

/** One evaluation the pool was asked for, from its queueing to its end. */
export interface Evaluation {
  id: number;
  op: SandboxOperation;
  args: unknown;
  /** What is being evaluated, for the error message ("Rendering the request for destination X"). */
  what: string;
  /** Whose config this is (src/sandbox/evaluation-identity.ts): what scheduling and records go by. */
  identity: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  /** When it was queued (or put back after a cut), and where it starts reading the busy log. */
  queuedAt: number;
  busyMark: number;
  /** Cut from the fast lane or probation once: it runs in the shared lane with the full limit. */
  cut?: boolean;
  /** Set when it starts. */
  started?: { at: number; run: number; standing: Standing; lane: Lane; waitedBehind: number[][] };
}

/** A process as the scheduler sees it. */
interface ProcessView {
  ready: boolean;
  killed: KillReason | undefined;
  task: Evaluation | undefined;
}

/** How to run the evaluation picked: for how long, and what its process is killed as past that. */
interface Start {
  evaluation: Evaluation;
  limitMs: number;
  killAs: KillReason;
}

/**
 * The sandbox's waiting evaluations and what it remembers of each config, with no processes:
 * it picks what runs next by the policy of src/sandbox/sandbox-scheduling.ts, learns from how
 * each run ended (src/sandbox/evaluation-records.ts), and writes the report of each run.
 */
export class EvaluationScheduler {
  private readonly queue = new EvaluationQueue<Evaluation>();
  private readonly records: EvaluationRecords;
  private readonly busy = new BusyLog();
  private runs = 0;

  constructor(private readonly limits: { processes: number; timeoutMs: number; fastLaneMs: number; seasonMs: number }) {
    this.records = new EvaluationRecords({ fastLaneMs: limits.fastLaneMs, halfLifeMs: DEFAULT_RECORD_HALF_LIFE_MS, maxIdentities: DEFAULT_MAX_IDENTITIES });
  }

  get queued(): number {
    return this.queue.size;
  }

  /** Queues an evaluation, new or put back after a cut. */
  add(evaluation: Evaluation, now: number): void {
    evaluation.queuedAt = now;
    evaluation.busyMark = this.busy.mark;
    evaluation.started = undefined;
    this.queue.push(evaluation);
  }

  /** Empties the queue, returning everything that waited. */
  drain(): Evaluation[] {
    return this.queue.drain();
  }

  /** Takes the evaluation the policy picks for a free process now, marked started, or none. */
  next(procs: readonly ProcessView[], spareReady: boolean, now: number): Start | undefined {
    const candidates = this.queue.heads().map((e) => {
      const order = this.records.order(e.identity);
      return { e, identity: e.identity, standing: this.records.standing(e.identity), cut: e.cut === true, young: now - order.since < this.limits.seasonMs, arrival: e.id, ...order };
    });
    const cutting = this.limits.fastLaneMs < this.limits.timeoutMs;
    const occupancy: Occupancy = {
      processes: this.limits.processes,
      spareReady,
      starting: procs.filter((p) => !p.ready && !p.killed).length,
      running: procs.flatMap((p) => (p.task?.started ? [{ identity: p.task.identity, lane: p.task.started.lane }] : [])),
    };
    const next = nextEvaluation(candidates, occupancy);
    const evaluation = next && this.queue.take(next.candidate.identity);
    if (!next || !evaluation) return undefined;
    const run = ++this.runs;
    evaluation.started = { at: now, run, standing: this.records.standing(evaluation.identity), lane: next.lane, waitedBehind: this.busy.since(evaluation.busyMark) };
    this.records.served(evaluation.identity, run, now);
    // Outside the shared lane an evaluation runs beside configs it must not hold up: it is cut early.
    const cut = next.lane !== 'shared' && cutting;
    return { evaluation, limitMs: cut ? this.limits.fastLaneMs : this.limits.timeoutMs, killAs: cut ? 'cut' : 'timeout' };
  }

  /** Records which runs hold every process now, when all of them are held. */
  noteBusy(procs: readonly ProcessView[]): void {
    const full = procs.length >= this.limits.processes && procs.every((p) => p.task?.started);
    this.busy.note(full ? procs.map((p) => p.task!.started!.run).sort((a, b) => a - b) : undefined);
  }

  /** A run ended within the limits, with a value or an error of its own. */
  finished(evaluation: Evaluation, now: number): void {
    this.records.finished(evaluation.identity, now - evaluation.started!.at, now);
  }

  /** A run was stopped at the time or memory limit, or its process died under it. */
  overran(evaluation: Evaluation, now: number): void {
    this.records.overran(evaluation.identity, now);
  }

  /** A run was cut from the fast lane or probation: it goes back in its place, for the shared lane. */
  putBack(evaluation: Evaluation, now: number): void {
    evaluation.cut = true;
    this.add(evaluation, now);
  }

  /** The report of a run that ended. */
  report(evaluation: Evaluation, outcome: EvaluationOutcome, now: number): EvaluationReport | undefined {
    if (!evaluation.started) return undefined;
    const { at, run, standing, lane, waitedBehind } = evaluation.started;
    const { id, op, what, identity, queuedAt } = evaluation;
    return { id, run, op, what, identity, standing, lane, queuedMs: at - queuedAt, ranMs: now - at, outcome, waitedBehind };
  }
}
