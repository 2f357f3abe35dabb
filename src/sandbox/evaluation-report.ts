import type { Standing } from './evaluation-records.js';
import type { LostOutcome } from './lost-evaluation.js';
import type { SandboxOperation } from './sandbox-operations.js';
import type { Lane } from './sandbox-scheduling.js';

/**
 * How one run of an evaluation ended: `finished` with a value, `failed` with an error of its own
 * within budget, `cut` from the fast lane or probation (it runs again, in the shared lane, with
 * the full time limit), or lost with its process (time or memory limit, shutdown, crash).
 */
export type EvaluationOutcome = 'finished' | 'failed' | 'cut' | LostOutcome;

/** What the pool tells its listeners (`SandboxPool.onEvaluation`) about each run of an evaluation. */
export interface EvaluationReport {
  /** The evaluation's number; a cut evaluation's second run has the same. */
  id: number;
  /** This run's number (each start of an evaluation gets the next one). */
  run: number;
  op: SandboxOperation;
  /** What was evaluated, in words: the destination's name and the delivery or batch (never a secret). */
  what: string;
  identity: string;
  /** Its config's standing when it started (src/sandbox/evaluation-records.ts). */
  standing: Standing;
  lane: Lane;
  /** From being queued (or put back after a cut) to starting, and from starting to its end, in milliseconds. */
  queuedMs: number;
  ranMs: number;
  outcome: EvaluationOutcome;
  /**
   * What it waited behind: for each moment while it was queued that every process was running
   * something, the runs that held them (the last 256 such moments). Empty when it never waited
   * for a process. For a config with a good record, no such set is ever all shared-lane runs:
   * whatever else holds a process then is cut at the fast-lane limit (issue 20, item 4).
   */
  waitedBehind: number[][];
}

export type EvaluationListener = (report: EvaluationReport) => void;

/** The moments every process was running an evaluation, as the runs that held them. */
export class BusyLog {
  private readonly sets: number[][] = [];
  private next = 0;
  private full = false;

  constructor(private readonly size = 256) {}

  /** Where an evaluation queued now starts reading: the current moment too, when every process is busy. */
  get mark(): number {
    return this.full ? this.next - 1 : this.next;
  }

  /** Every process runs one of `runs` now (recorded once per change), or, with none, not every one does. */
  note(runs: number[] | undefined): void {
    if (!runs) {
      this.full = false;
      return;
    }
    const last = this.sets[(this.next - 1) % this.size];
    if (this.full && last && last.length === runs.length && last.every((r, i) => r === runs[i])) return;
    this.sets[this.next % this.size] = runs;
    this.next++;
    this.full = true;
  }

  /** The sets recorded from `mark` on, as far back as the log reaches. */
  since(mark: number): number[][] {
    const sets: number[][] = [];
    for (let n = Math.max(mark, this.next - this.size); n < this.next; n++) sets.push(this.sets[n % this.size]!);
    return sets;
  }
}
