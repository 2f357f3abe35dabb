import { log, patched, proxyActivities } from '@temporalio/workflow';
import type { LeadwireActivities } from '../activities/create-activities.js';
import type { CapCall } from '../contract/activity-messages.js';
import type { BuyerPlan } from '../contract/flow-plan.js';
import { CONTRACT_VERSION as v } from '../contract/version.js';
import type { CapDecision } from '../core/flows/cap-ledger.js';
import { CAP_CHECK_FAILS_CLOSED } from './flow-patches.js';

// Cap checks and reservations go to the buyer's entity workflow through the worker's client; a
// few tries, then the buyer is left out: both fail closed (a cap that cannot be read is full).
const caps = proxyActivities<LeadwireActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 5, initialInterval: '200ms' } });

// Confirming or releasing a reserved place is retried until it succeeds, never dropped: a lost
// release is a place the buyer never gets back, a lost confirm a sale the ledger does not know
// (the ledger drifts). Both are safe to repeat (keyed by the reservation id), and the cap
// workflow is durable, so a failure is an outage that ends: back off to one try a minute and
// wait for it (each try shows in the Web UI as the activity's attempt count and last failure).
// Only the retry policy differs from `caps`, which changes no command in the history.
const settle = proxyActivities<LeadwireActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * A confirm or release that failed for good. With `settle`'s retries that is only a cancelled
 * one, or one in a history recorded before them (it failed after five tries and was dropped;
 * a replay must drop it too). Either way it is logged (once: the logger is quiet in replay),
 * naming the buyer and the reservation, so the ledger can be put right by hand.
 */
const unsettled = (what: 'confirm' | 'release', call: { buyer: string; reservationId: string }) => (err: unknown) => {
  log.warn(`could not ${what} cap reservation ${call.reservationId} of buyer ${call.buyer}: its ledger may be off by one until the window ends`, {
    buyer: call.buyer,
    reservationId: call.reservationId,
    error: err instanceof Error ? err.message : String(err),
  });
};

// Each helper below returns the activity's own promise (not an async wrapper's), so awaiting it
// resumes the flow at the same point as before the split: concurrent posts issue their commands
// in the same order, and recorded histories replay.

/** The cap call of a buyer's post (keyed by the post's delivery id), or undefined when the buyer has no caps. */
export function capCallFor(buyer: BuyerPlan, reservationId: string): CapCall | undefined {
  return buyer.caps ? { v, buyer: buyer.name, caps: buyer.caps, reservationId } : undefined;
}

/** Reserves a place under the buyer's caps; rejects when its cap workflow did not answer. */
export function reservePlace(call: CapCall): Promise<CapDecision> {
  return caps.reserveCap(call);
}

/** Marks a reserved place sold, retried until it succeeds (a failure for good is logged). */
export function confirmPlace(call: CapCall): Promise<unknown> {
  return settle.confirmCap(call).catch(unsettled('confirm', call));
}

/** Gives a reserved place back, retried until it succeeds (a failure for good is logged). */
export function releasePlace(call: CapCall): Promise<unknown> {
  return settle.releaseCap(call).catch(unsettled('release', call));
}

/** Whether a buyer's caps have room for a ping; a check that errors is full (fails closed) since CAP_CHECK_FAILS_CLOSED. */
export function capRoomForPing(buyer: string, buyerCaps: NonNullable<BuyerPlan['caps']>): Promise<CapDecision> {
  return caps.capHasRoom({ v, buyer, caps: buyerCaps }).catch(
    (): CapDecision =>
      patched(CAP_CHECK_FAILS_CLOSED) ? { granted: false, reason: 'caps could not be checked (its cap workflow did not answer), so it was not pinged' } : { granted: true },
  );
}
