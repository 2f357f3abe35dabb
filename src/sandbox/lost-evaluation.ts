import { EvaluationLimitError } from '../core/errors/evaluation-limit-error.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import type { KillReason } from './sandbox-process.js';

/** How an evaluation whose process went away ended. */
export type LostOutcome = 'time' | 'memory' | 'closed' | 'crashed';

interface LostProcess {
  killed: KillReason | undefined;
  stderrTail: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Why an evaluation's process is gone, and the error its caller gets: the time or memory limit
 * (`EXPRESSION_LIMIT`, not retried: the same config and lead would overrun again), the pool
 * shutting down, or a crash (retried). A process cut from the fast lane is not lost: the pool
 * runs that evaluation again.
 */
export function lostEvaluation(proc: LostProcess, what: string, limits: { timeoutMs: number; memoryMb: number }): { outcome: LostOutcome; error: Error } {
  if (proc.killed === 'timeout') return { outcome: 'time', error: new EvaluationLimitError(what, 'time', `${limits.timeoutMs} ms`) };
  if (/heap out of memory|Allocation failed|Invalid string length/i.test(proc.stderrTail) || proc.signal === 'SIGABRT' || proc.code === 134) {
    return { outcome: 'memory', error: new EvaluationLimitError(what, 'memory', `${limits.memoryMb} MiB`) };
  }
  if (proc.killed === 'close') {
    return { outcome: 'closed', error: new LeadwireError('SANDBOX_CLOSED', 'The evaluation sandbox shut down during this evaluation. The attempt will run again.', { retryable: true }) };
  }
  const how = proc.signal ?? `exit code ${proc.code}`;
  return { outcome: 'crashed', error: new LeadwireError('SANDBOX_FAILED', `The evaluation sandbox process ended unexpectedly (${how}) during: ${what}. The attempt will be retried.`, { retryable: true }) };
}
