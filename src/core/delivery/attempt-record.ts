import type { Verdict } from '../response/verdict.js';
import type { AttemptRecord } from './delivery-result.js';
import type { SendResult } from './send-result.js';

/** The attempt log entry for one sent request and its verdict. */
export function toAttemptRecord(attempt: number, sent: SendResult, verdict: Verdict): AttemptRecord {
  return {
    attempt,
    startedAt: sent.startedAt,
    durationMs: sent.durationMs,
    url: sent.url,
    ...(sent.endpoint ? { endpoint: sent.endpoint } : {}),
    ...(sent.kind === 'response' ? { status: sent.response.status } : {}),
    ...(verdict.errorCode ? { errorCode: verdict.errorCode } : {}),
    outcome: verdict.outcome,
    reason: verdict.reason,
    ...(verdict.detail !== undefined ? { detail: verdict.detail } : {}),
  };
}
