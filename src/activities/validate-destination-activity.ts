import type { ValidateCorrectionInput, ValidatedCorrection } from '../contract/activity-messages.js';
import { CONTRACT_VERSION as v } from '../contract/version.js';
import { deliveryPlanFrom } from '../config/delivery-plan-from.js';
import { parseDestination } from '../config/parse-destination.js';
import { canonicalJson } from '../core/delivery/delivery-id.js';
import { ConfigError } from '../core/errors/config-error.js';

/**
 * The full validation of a corrected destination (the schema `leadwire validate` uses), at the
 * edge of the workflow: for every operator retry that carries one, whatever sent it (the client
 * and CLI send a plan, `temporal workflow update` or signal and the Web UI a destination as a
 * file writes it). The workflow cannot load zod, so it runs this as a local activity before the
 * retry is taken. Returns the plan a valid destination becomes, or `asSent` when it is that plan
 * already (a plan as the client sends it: the workflow takes it as it came, and its history does
 * not hold the plan twice), or its problems by path; the destination holds `${SECRET}`
 * references only, so neither it nor the issues carry a value. A plan has a destination's keys
 * (less `lead_id_field`), so the same schema checks it.
 */
export async function validateCorrectedDestination(input: ValidateCorrectionInput): Promise<ValidatedCorrection> {
  try {
    const plan = deliveryPlanFrom(parseDestination(input.destination, 'The corrected destination'));
    return canonicalJson(plan) === canonicalJson(input.destination) ? { v, asSent: true } : { v, plan };
  } catch (err) {
    if (err instanceof ConfigError) return { v, issues: err.issues };
    throw err;
  }
}
