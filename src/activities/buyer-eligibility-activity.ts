import type { BuyerEligibility, BuyerEligibilityInput } from '../contract/activity-messages.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import type { Evaluator } from '../sandbox/evaluator.js';

/**
 * Judges every buyer's skip rules (and so its time windows) on the lead, in one call, before a
 * flow offers it to anyone: who is eligible. A rule that cannot be evaluated leaves its buyer
 * out with the reason; a sandbox that is shutting down fails the call, so Temporal retries it.
 */
export function createBuyerEligibility(now: () => Date, evaluator: Evaluator) {
  return async function buyerEligibility(input: BuyerEligibilityInput): Promise<BuyerEligibility> {
    const at = now().toISOString();
    const skipped = await Promise.all(
      input.buyers.map(async ({ buyer, plan, deliveryId }) => {
        try {
          const reason = await evaluator.skipReason(plan, input.lead, { deliveryId, now: at });
          return reason === null ? null : `skip rule: ${reason}`;
        } catch (err) {
          if (err instanceof LeadwireError && !err.retryable) return `skip rules could not be evaluated for ${buyer} (${err.code}): ${err.message}`;
          throw err;
        }
      }),
    );
    return { now: at, skipped };
  };
}
