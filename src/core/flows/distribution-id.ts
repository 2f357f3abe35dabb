import { boundedId, DISTRIBUTION_ID_LIMITS } from '../delivery/bounded-id.js';
import { destinationSlug } from '../delivery/destination-slug.js';

/**
 * The distribution's id (its workflow id): `flow-<flow>--<lead id>`, so distributing the same
 * lead twice is one distribution. A long one is cut and ends in a hash of the whole
 * (bounded-id.ts), leaving room for its children's ids within Temporal's limit.
 */
export function distributionIdFor(flowName: string, leadId: string, given?: string): string {
  if (given) return given;
  return boundedId(`flow-${destinationSlug(flowName)}--${leadId.replace(/\s+/g, '-')}`, DISTRIBUTION_ID_LIMITS);
}
