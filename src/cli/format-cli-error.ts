import type { LeadwireError } from '../core/errors/leadwire-error.js';

/**
 * The CLI's one-line error: the code first, in brackets, so a user can look it up in
 * docs/errors.md (`leadwire: [TEMPORAL_UNREACHABLE] Could not connect to Temporal ...`), then
 * the message, which says what happened and what to do.
 */
export function formatCliError(err: Pick<LeadwireError, 'code' | 'message'>): string {
  return `leadwire: [${err.code}] ${err.message}`;
}
