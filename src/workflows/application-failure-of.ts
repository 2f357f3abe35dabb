import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/**
 * The failure an activity raised on purpose (a LeadwireError turned into an ApplicationFailure
 * by toApplicationFailure), or undefined. A regular activity's arrives wrapped in an
 * ActivityFailure; a local activity's arrives as the ApplicationFailure itself.
 */
export function applicationFailureOf(err: unknown): ApplicationFailure | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) return err.cause;
  if (err instanceof ApplicationFailure) return err;
  return undefined;
}
