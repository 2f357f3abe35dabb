import type { ErrorCode } from './error-codes.js';

/**
 * Base class of every error leadwire raises on purpose.
 *
 * `code` is stable and one of the closed list in error-codes.ts (tests, metrics and operators
 * match on it; docs/errors.md explains each); the message says
 * what happened and what to do next, and never carries a secret value.
 */
export class LeadwireError extends Error {
  readonly code: ErrorCode;
  /** Whether trying the same thing again could succeed. */
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}
