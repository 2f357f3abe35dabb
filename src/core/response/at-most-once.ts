import type { SendResult } from '../delivery/send-result.js';
import type { Verdict } from './verdict.js';

/** The code of an attempt that at-most-once delivery will not repeat without an operator. */
export const AT_MOST_ONCE_CODE = 'AT_MOST_ONCE_AMBIGUOUS';

/**
 * Network failures that happen before a single byte of the request is written: the
 * destination cannot have seen the lead, so even an at-most-once destination may be tried
 * again. Every other failure (timeouts, resets, a lost worker, unknown codes) may have
 * reached it. Kept in step with the `ambiguous` flag of core/delivery/network-errors.ts
 * (a unit test checks both agree).
 */
const NEVER_WRITTEN = new Set([
  'CONNECTION_REFUSED',
  'DNS_FAILURE',
  'HOST_UNREACHABLE',
  'TLS_ERROR',
  'ADDRESS_BLOCKED',
  'INSECURE_HTTP',
  'TLS_FILE_REFUSED',
  // The token endpoint failed: the lead's own request was never sent.
  'OAUTH_TOKEN_UNAVAILABLE',
]);

/** Whether the destination may have received the request of this attempt. */
export function mayHaveReachedDestination(sent: SendResult): boolean {
  return sent.kind === 'response' || !NEVER_WRITTEN.has(sent.code);
}

/**
 * At-most-once delivery (`at_most_once: true`, for buyers who pay per lead): once an attempt
 * got any response, or failed in a way that may have reached the destination, the lead is
 * not sent again by itself. The verdict becomes not retryable with AT_MOST_ONCE_CODE, so the
 * delivery parks for an operator to decide; an operator's retry is an explicit decision to
 * send again. Success, and failures that are not retried anyway, are left as they are.
 */
export function applyAtMostOnce(verdict: Verdict, sent: SendResult, atMostOnce: boolean | undefined): Verdict {
  if (!atMostOnce || verdict.outcome === 'success' || !verdict.retryable || !mayHaveReachedDestination(sent)) return verdict;
  const what = sent.kind === 'response' ? `it answered HTTP ${sent.response.status}` : `the attempt failed with ${sent.code} after the request may have been written`;
  const account = (text: string) =>
    `${text}. Not sent again: the destination is \`at_most_once\` and ${what}, so it may already have the lead ` +
    `(was ${verdict.errorCode ?? 'a failure'}). Check with the buyer, then \`leadwire retry\` to send it again or \`leadwire abandon\` to stop`;
  // The destination's own reason (the `reason` path) stays the reason; leadwire's account says why it is not sent again.
  return {
    ...verdict,
    errorCode: AT_MOST_ONCE_CODE,
    retryable: false,
    ...(verdict.detail !== undefined ? { detail: account(verdict.detail) } : { reason: account(verdict.reason) }),
  };
}
