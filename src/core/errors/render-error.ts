import type { ErrorCode } from './error-codes.js';
import { LeadwireError } from './leadwire-error.js';

/** The destination's templates or mapping could not turn this lead into a request. */
export class RenderError extends LeadwireError {
  constructor(message: string, code: ErrorCode = 'RENDER_FAILED') {
    super(code, message);
  }
}
