import type { ErrorCode } from '../core/errors/error-codes.js';
import { describeNetworkError } from '../core/delivery/network-errors.js';
import { INSECURE_REDIRECT } from './redirect-guard.js';

/** What the sender knows about a send that threw, besides the error. */
export interface SendFailureContext {
  /** The response passed `maxResponseBytes` and the request was cancelled for it. */
  tooLarge: boolean;
  maxResponseBytes: number;
  /** The message for a redirect hop refused because the request's secrets are not granted for its host. */
  refusedRedirect: string | undefined;
  timeoutMs: number;
}

/** The code and message for a send that threw: the response cap, a refused redirect hop, a TLS file, or the network. */
export function describeSendFailure(err: unknown, context: SendFailureContext): { code: ErrorCode; message: string } {
  if (context.tooLarge) {
    return {
      code: 'RESPONSE_TOO_LARGE',
      message: `Response too large: more than ${context.maxResponseBytes} bytes, so it was cut off and not judged. The destination probably received the lead; ask it for a smaller answer, or raise \`response_max_bytes\`.`,
    };
  }
  const code = (err as { code?: string }).code;
  if (code === 'ERR_TOO_MANY_REDIRECTS') return { code: 'TOO_MANY_REDIRECTS', message: 'More than 10 redirects were followed without reaching an answer. Point `url` at the final address.' };
  if (code === INSECURE_REDIRECT) {
    return {
      code: 'INSECURE_REDIRECT',
      message: 'Refused to follow a redirect to plain http://: the destination does not set `allow_insecure_http: true`. Point `url` at the final https:// address.',
    };
  }
  if (context.refusedRedirect !== undefined) return { code: 'REDIRECT_NOT_GRANTED', message: context.refusedRedirect };
  if (code === 'TLS_FILE_REFUSED' || code === 'TLS_FILE_UNREADABLE') return { code, message: (err as Error).message };
  const info = describeNetworkError(code, context.timeoutMs, err as Error);
  return { code: info.code, message: info.message };
}
