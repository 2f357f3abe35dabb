import type { JudgeInput, JudgeResult } from '../contract/activity-messages.js';
import { waitBeforeRetry } from '../core/retry/retry-delay.js';
import type { Evaluator } from '../sandbox/evaluator.js';
import { toApplicationFailure } from './to-application-failure.js';

/**
 * Judges one attempt's result and says how long to wait before the next. A local activity:
 * its result (jitter included) is recorded, so replays see the same wait.
 */
export function createJudgeAttempt(evaluator: Evaluator) {
  return async function judgeAttempt(input: JudgeInput, random: () => number = Math.random): Promise<JudgeResult> {
    try {
      const verdict = await evaluator.judgeResponse(input.plan, input.result);
      return { verdict, retryDelayMs: waitBeforeRetry(input.plan.retry, input.attempt + 1, verdict.retryAfterMs, random()) };
    } catch (err) {
      return toApplicationFailure(err);
    }
  };
}
