import { ApplicationFailure, isCancellation, patched, proxyLocalActivities } from '@temporalio/workflow';
import type { LeadwireActivities } from '../activities/create-activities.js';
import { correctedDestinationIssues } from '../core/delivery/corrected-destination-issues.js';
import { ConfigError, type ConfigIssue } from '../core/errors/config-error.js';

/**
 * Marks histories whose operator retries with a corrected destination run the full validation
 * (a local activity, so a marker in history). Retries recorded before it replay without one.
 */
export const CORRECTED_DESTINATION_VALIDATED = 'corrected-destination-validated';

const { validateCorrectedDestination } = proxyLocalActivities<LeadwireActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3 },
});

/**
 * Whether this operator retry runs the full validation of its corrected destination: always,
 * except when replaying a retry recorded before the check existed. Called only for a retry
 * that carries a destination, at the point the handler takes it.
 */
export function validatesCorrectedDestination(): boolean {
  return patched(CORRECTED_DESTINATION_VALIDATED);
}

/**
 * Refuses a corrected destination that is not valid with CONFIG_INVALID, naming each path:
 * first the shape the retry loop reads (checked here, deterministically), then the full
 * validation (the zod schema, which cannot load in the workflow bundle) in a local activity.
 * Whatever route sent it (`temporal workflow update` or signal, the Web UI, the CLI, the client
 * or the intake API), nothing is taken and the delivery stays as it was.
 */
export async function refuseInvalidCorrectedDestination(destination: unknown): Promise<void> {
  let issues = correctedDestinationIssues(destination);
  if (issues.length === 0) {
    try {
      issues = await validateCorrectedDestination(destination);
    } catch (err) {
      if (isCancellation(err)) throw err;
      issues = [{ path: '', message: 'could not be validated (the validation itself failed); send it again, or check it with `leadwire validate`' }];
    }
  }
  if (issues.length > 0) throw configInvalid(issues);
}

/** The failure an operator's retry is refused with for an invalid corrected destination. */
export function configInvalid(issues: ConfigIssue[]): ApplicationFailure {
  const error = new ConfigError('The corrected destination', issues);
  return ApplicationFailure.create({ type: error.code, message: error.message, details: [issues], nonRetryable: true });
}
