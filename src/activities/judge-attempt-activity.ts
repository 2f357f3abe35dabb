import { judgeResponse } from '../core/response/judge-response.js';
import { retryDelay } from '../core/retry/retry-delay.js';
import type { JudgeInput, JudgeResult } from './activity-types.js';

/** Judges one attempt's result and says how long to wait before the next. */
export async function judgeAttempt(input: JudgeInput): Promise<JudgeResult> {
  const verdict = judgeResponse(input.destination, input.result);
  return { verdict, retryDelayMs: retryDelay(input.destination.retry, input.attempt + 1) };
}
