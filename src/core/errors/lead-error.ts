import type { ErrorCode } from './error-codes.js';
import { LeadwireError } from './leadwire-error.js';

/** A lead that cannot be delivered as given (not an object, too large, missing a required field). */
export class LeadError extends LeadwireError {
  constructor(message: string, code: ErrorCode = 'LEAD_INVALID') {
    super(code, message);
  }
}
