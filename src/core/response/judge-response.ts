import type { Destination } from '../../config/destination-schema.js';
import type { SendResult } from '../delivery/send-result.js';
import { isRetryableStatus } from '../retry/is-retryable-status.js';
import { extractFields } from './extract-fields.js';
import { tryParseJson } from './parse-body.js';
import type { Verdict } from './verdict.js';

/**
 * Decides what one attempt means: success, failure (the destination said no) or
 * error (it could not be delivered), and whether to try again.
 */
export function judgeResponse(destination: Destination, result: SendResult): Verdict {
  if (result.kind === 'network-error') {
    return { outcome: 'error', errorCode: result.code, reason: result.message, retryable: true, fields: {} };
  }
  const { status, body } = result.response;
  const parsed = tryParseJson(body);
  const fields = extractFields(parsed, destination.response_parser);
  const success = destination.success_codes ? destination.success_codes.includes(status) : status >= 200 && status < 300;
  if (success) {
    return { outcome: 'success', reason: `Accepted with HTTP ${status}`, retryable: false, fields };
  }
  const retryable = isRetryableStatus(status, destination.retry);
  const outcome = status >= 500 || status === 408 || status === 429 ? 'error' : 'failure';
  const detail = status >= 300 && status < 400 ? ' (a redirect; leadwire does not follow redirects)' : '';
  return {
    outcome,
    errorCode: `HTTP_${status}`,
    reason: `The destination answered HTTP ${status}${detail}${retryable ? '' : ', which is not retried'}`,
    retryable,
    fields,
  };
}
