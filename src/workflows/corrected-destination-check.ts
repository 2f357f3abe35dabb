import { ApplicationFailure, isCancellation, patched, proxyLocalActivities } from '@temporalio/workflow';
import type { LeadwireActivities } from '../activities/create-activities.js';
import type { DeliveryPlan } from '../contract/delivery-plan.js';
import { upgrade } from '../contract/upgrade/upgrade.js';
import { CONTRACT_VERSION as v } from '../contract/version.js';
import { correctedDestinationIssues } from '../core/delivery/corrected-destination-issues.js';
import { ConfigError, type ConfigIssue } from '../core/errors/config-error.js';

/**
 * Marks histories whose operator retries with a corrected destination run the full validation
 * (a local activity, so a marker in history). Retries recorded before it replay without one.
 */
const CORRECTED_DESTINATION_VALIDATED = 'corrected-destination-validated';

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
 * The plan a corrected destination becomes, or CONFIG_INVALID naming each path: first the shape
 * the retry loop reads (checked here, deterministically), then the full validation (the zod
 * schema, which cannot load in the workflow bundle) in a local activity, which also makes the
 * plan. Whatever route sent it (`temporal workflow update` or signal, the Web UI, the CLI, the
 * client or the intake API) and in whichever form (a plan, or a destination as a file writes
 * it), an invalid one is not taken and the delivery stays as it was.
 */
export async function validatedCorrection(destination: unknown): Promise<DeliveryPlan> {
  const shallow = correctedDestinationIssues(destination);
  if (shallow.length > 0) throw configInvalid(shallow);
  let checked;
  try {
    // Version 1 recorded only the problems: read with the destination it validated.
    checked = upgrade.validatedCorrection(await validateCorrectedDestination({ v, destination }), destination);
  } catch (err) {
    if (isCancellation(err)) throw err;
    throw configInvalid([{ path: '', message: 'could not be validated (the validation itself failed); send it again, or check it with `leadwire validate`' }]);
  }
  if ('issues' in checked) throw configInvalid(checked.issues);
  // Valid and already a plan (what the client and CLI send): the one the update or signal recorded.
  return 'plan' in checked ? checked.plan : (destination as DeliveryPlan);
}

/** The failure an operator's retry is refused with for an invalid corrected destination. */
export function configInvalid(issues: ConfigIssue[]): ApplicationFailure {
  const error = new ConfigError('The corrected destination', issues);
  return ApplicationFailure.create({ type: error.code, message: error.message, details: [issues], nonRetryable: true });
}
