import { destinationSlug } from '../delivery/destination-slug.js';

/** The distribution's id (its workflow id): `flow-<flow>--<lead id>`, so distributing the same lead twice is one distribution. */
export function distributionIdFor(flowName: string, leadId: string, given?: string): string {
  if (given) return given;
  return `flow-${destinationSlug(flowName)}--${leadId.replace(/\s+/g, '-')}`.slice(0, 400);
}

/**
 * A ping's or post's child workflow id (also its delivery id and Idempotency-Key): derived
 * from the distribution and the buyer, so a replayed or restarted flow never starts a second one.
 */
export function childDeliveryIdFor(distributionId: string, buyer: string, step: 'ping' | 'post'): string {
  return `${distributionId}--${destinationSlug(buyer)}--${step}`;
}

/** The id of a buyer's cap entity workflow. */
export const capWorkflowIdFor = (buyer: string): string => `cap:${destinationSlug(buyer)}`;
