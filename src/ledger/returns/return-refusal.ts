import { LeadwireError } from '../../core/errors/leadwire-error.js';
import type { ReturnPolicy } from '../config/ledger-settings-schema.js';

interface Sale {
  delivery_id: string;
  first_success_at: Date | null;
  finished_at: Date | null;
}

/**
 * Why a return is refused, if it is (pure): codes RETURN_NOT_ALLOWED (the buyer takes no
 * returns), RETURN_REASON_UNKNOWN, RETURN_NOT_FOUND (no sale of that lead to that buyer),
 * RETURN_AMBIGUOUS (several: name the delivery id) and RETURN_WINDOW_CLOSED.
 */
export function returnRefusal(policies: Readonly<Record<string, ReturnPolicy>>, request: { buyer: string; reason: string; leadId?: string; deliveryId?: string }, at: Date, sales: readonly Sale[]): LeadwireError | undefined {
  const policy = policies[request.buyer];
  if (!policy) return new LeadwireError('RETURN_NOT_ALLOWED', `Buyer ${request.buyer} takes no returns: add \`returns: { "${request.buyer}": { window: <ms> } }\` to the ledger settings to accept them.`);
  if (policy.reasons && !policy.reasons.includes(request.reason)) return new LeadwireError('RETURN_REASON_UNKNOWN', `Buyer ${request.buyer} returns leads only for: ${policy.reasons.join(', ')} (got "${request.reason}").`);
  const what = request.deliveryId ? `delivery ${request.deliveryId}` : `lead ${request.leadId}`;
  if (sales.length === 0) return new LeadwireError('RETURN_NOT_FOUND', `The ledger has no sale of ${what} to ${request.buyer} (an accepted delivery or flow post). Check the ids and the buyer's name.`);
  if (sales.length > 1) return new LeadwireError('RETURN_AMBIGUOUS', `${request.buyer} bought ${what} ${sales.length} times (${sales.map((s) => s.delivery_id).join(', ')}): name the delivery id.`);
  const soldAt = sales[0]!.first_success_at ?? sales[0]!.finished_at;
  const closes = soldAt ? soldAt.getTime() + policy.window : undefined;
  if (!soldAt || at.getTime() < soldAt.getTime() || at.getTime() > closes!) {
    return new LeadwireError('RETURN_WINDOW_CLOSED', `The return of ${what} by ${request.buyer} at ${at.toISOString()} is outside its return window (${Math.round(policy.window / 3_600_000)} h from the sale at ${soldAt?.toISOString() ?? '?'}).`);
  }
  return undefined;
}
