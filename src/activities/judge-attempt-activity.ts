import { judgeResponse } from '../core/response/judge-response.js';
import { waitBeforeRetry } from '../core/retry/retry-delay.js';
import type { JudgeInput, JudgeResult } from './activity-types.js';

/**
 * Judges one attempt's result and says how long to wait before the next. A local activity:
 * its result (jitter included) is recorded, so replays see the same wait.
 */
export async function judgeAttempt(input: JudgeInput, random: () => number = Math.random): Promise<JudgeResult> {
  const verdict = judgeResponse(input.destination, input.result);
  return { verdict, retryDelayMs: waitBeforeRetry(input.destination.retry, input.attempt + 1, verdict.retryAfterMs, random()) };
}
