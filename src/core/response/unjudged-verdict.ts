import type { ErrorCode } from '../errors/error-codes.js';
import type { Verdict } from './verdict.js';

/**
 * The verdict of an attempt whose response could not be judged (its response rules went past
 * the sandbox's limits): `error`, not retried — the request was sent, so sending it again
 * could duplicate the lead. The attempt is recorded and the delivery parks for an operator.
 */
export function unjudgedVerdict(code: ErrorCode | undefined, message: string): Verdict {
  return { outcome: 'error', errorCode: code ?? 'JUDGE_FAILED', reason: message, retryable: false, fields: {} };
}
