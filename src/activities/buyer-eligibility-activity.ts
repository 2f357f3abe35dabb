import type { Destination } from '../config/destination-schema.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import type { Lead } from '../core/lead/lead.js';
import type { Evaluator } from '../sandbox/evaluator.js';

export interface BuyerEligibilityInput {
  lead: Lead;
  /** Each buyer's request whose skip rules decide (its ping for ping_post, else its post), and the delivery id it would get. */
  buyers: { buyer: string; destination: Destination; deliveryId: string }[];
}

/** Per buyer, in the input's order: null when eligible, else why it is left out. */
export interface BuyerEligibility {
  /** ISO 8601 time the rules were judged at, from this activity's clock. */
  now: string;
  skipped: (string | null)[];
}

/**
 * Judges every buyer's skip rules (and so its time windows) on the lead, in one call, before a
 * flow offers it to anyone: who is eligible. A rule that cannot be evaluated leaves its buyer
 * out with the reason; a sandbox that is shutting down fails the call, so Temporal retries it.
 */
export function createBuyerEligibility(now: () => Date, evaluator: Evaluator) {
  return async function buyerEligibility(input: BuyerEligibilityInput): Promise<BuyerEligibility> {
    const at = now().toISOString();
    const skipped = await Promise.all(
      input.buyers.map(async ({ buyer, destination, deliveryId }) => {
        try {
          const reason = await evaluator.skipReason(destination, input.lead, { deliveryId, now: at });
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
