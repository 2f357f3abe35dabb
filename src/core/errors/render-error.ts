import { LeadwireError } from './leadwire-error.js';

/** The destination's templates or mapping could not turn this lead into a request. */
export class RenderError extends LeadwireError {
  constructor(message: string, code = 'RENDER_FAILED') {
    super(code, message);
  }
}
