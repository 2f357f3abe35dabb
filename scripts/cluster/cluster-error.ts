import type { ErrorCode } from '../../src/core/errors/error-codes.js';
import { LeadwireError } from '../../src/core/errors/leadwire-error.js';

/** A step of `npm run cluster` failed; the message says which, shows the log's tail, and what to do. */
export class ClusterError extends LeadwireError {
  constructor(code: ErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}
