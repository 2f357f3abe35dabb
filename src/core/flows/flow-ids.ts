import { destinationSlug } from '../delivery/destination-slug.js';

/**
 * A ping's or post's child workflow id (also its delivery id and Idempotency-Key): derived
 * from the distribution and the buyer, so a replayed or restarted flow never starts a second one.
 */
export function childDeliveryIdFor(distributionId: string, buyer: string, step: 'ping' | 'post'): string {
  return `${distributionId}--${destinationSlug(buyer)}--${step}`;
}

/** The id of a buyer's cap entity workflow. */
export const capWorkflowIdFor = (buyer: string): string => `cap:${destinationSlug(buyer)}`;
