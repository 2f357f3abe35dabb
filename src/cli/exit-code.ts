import type { Outcome } from '../core/delivery/outcome.js';

/**
 * The exit code of `leadwire deliver --wait` once every delivery has ended, the same for
 * `--lead` and `--leads`: 0 when each lead was delivered or skipped on purpose (a `skip` rule
 * is the destination's decision, not a problem), 1 when any failed, errored or was cancelled.
 * (A delivery that parks is waited for no longer: once every lead has ended or parked, any parked
 * one makes it 3, with `--lead` as with `--leads`; an invalid destination is 2.)
 */
export function deliverExitCode(outcomes: readonly Outcome[]): 0 | 1 {
  return outcomes.every((o) => o === 'success' || o === 'skipped') ? 0 : 1;
}
