import { ApplicationFailure } from '@temporalio/common';
import { LeadwireError } from '../core/errors/leadwire-error.js';

/**
 * Turns a LeadwireError into an ApplicationFailure whose `type` is the error's stable code,
 * so the workflow can record it. Unknown errors are rethrown for Temporal to retry.
 */
export function toApplicationFailure(err: unknown): never {
  if (err instanceof LeadwireError) {
    throw ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: !err.retryable });
  }
  throw err;
}
