import { oneLine } from '../core/explain/words.js';
import {
  CancellationScope,
  ChildWorkflowCancellationType,
  condition,
  executeChild,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { LeadwireActivities } from '../activities/create-activities.js';
import type { CapCall } from '../contract/activity-messages.js';
import type { DeliveryResult } from '../contract/delivery-record.js';
import { skipPlanOf } from '../contract/delivery-plan.js';
import type { BuyerPlan } from '../contract/flow-plan.js';
import { upgrade } from '../contract/upgrade/upgrade.js';
import { CONTRACT_VERSION as v } from '../contract/version.js';
import type { DeliverLeadInput, DistributeLeadInput } from '../contract/workflow-inputs.js';
import { bidFromPing, bidIsValid, leadForPost, pingAnswerTimes, rankBids, type Bid } from '../core/flows/bids.js';
import type { CapDecision } from '../core/flows/cap-ledger.js';
import { childDeliveryIdFor } from '../core/flows/flow-ids.js';
import { pingCutByWindow } from '../core/flows/ping-window.js';
import { saleSummary, type BuyerRecord, type FlowResult, type StepRecord } from '../core/flows/flow-result.js';
import type { Lead } from '../core/lead/lead.js';
import { reportFlowFinished } from '../metrics/report-flow-finished.js';
import { flowStatusQuery } from '../shared/flow-messages.js';
import { BUYER_KEY, DESTINATION_KEY, LEAD_ID_KEY, OUTCOME_KEY, PRICE_KEY, SOLD_KEY } from '../shared/search-attributes.js';
import { searchKeyword } from '../shared/search-keyword.js';
import { describeChildFailure } from './child-failure.js';
import { deliverLead } from './deliver-lead.js';

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

/**
 * Patches (src/workflows: every change to the commands a recorded history holds is one):
 * - a post child that cannot start or fails is its buyer's failure: recorded, its cap place
 *   released, the flow goes on (before: the distribution failed and the place stayed held);
 * - a cap check that errors leaves the buyer out (before: it was pinged as if it had room);
 * - a buyer's bid window is `ping_timeout` from its ping's own send, enforced by the ping, and
 *   the auction waits for every ping until its own deadline, `auction_timeout` (before: one
 *   `ping_timeout` timer from the auction's start, so a ping whose first workflow task was held
 *   by a lost worker was cancelled before it was sent). Bids are timed from the ping's send.
 */
export const CHILD_FAILURE_IS_BUYERS = 'child-failure-is-buyers';
export const CAP_CHECK_FAILS_CLOSED = 'cap-check-fails-closed';
export const PING_WINDOW_FROM_SEND = 'ping-window-from-send';

// The skip rules of every buyer, judged in one local activity (the sandbox evaluates them) before anyone is offered the lead.
const { buyerEligibility } = proxyLocalActivities<LeadwireActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 5 } });

const iso = (ms = Date.now()) => new Date(ms).toISOString();

/** The patch that made LeadwirePrice the total a distribution sold for, not the winner's price. */
const PRICE_IS_TOTAL = 'leadwire-price-is-total';

/**
 * Distributes one lead to a flow's buyers: `all` (fan-out), `in_order` (waterfall) or
 * `ping_post` (auction). Each ping and each post is a child `deliverLead` workflow with an id
 * derived from this one, the buyer and the step, so the Web UI shows them under this
 * workflow and a replay never sends twice. Eligibility comes first: every buyer's skip rules
 * (and time windows) are judged on the lead before any cap is touched or any child started.
 * Caps are reserved before a post and confirmed or released after it, in the buyer's
 * `cap:<buyer>` entity workflow.
 */
export async function distributeLead(stored: DistributeLeadInput): Promise<FlowResult> {
  // Recorded by this release or an earlier one (src/contract/upgrade): read as today's.
  const input = upgrade.distributeLeadInput(stored);
  const { flow, distributionId, leadId } = input;
  const startedAt = iso();
  const buyers: BuyerRecord[] = flow.buyers.map((b) => ({ buyer: b.name, eligible: false, sold: false }));
  const posts: FlowResult['posts'] = [];
  let bids: Bid[] = [];
  setHandler(flowStatusQuery, () => ({ distributionId, flow: flow.name, strategy: flow.strategy, leadId, buyers, bids, posts }));

  const maxSales = flow.max_sales ?? Number.POSITIVE_INFINITY;
  const sold = () => buyers.filter((b) => b.sold).length;
  const leaveOut = (i: number, reason: string) => {
    buyers[i]!.skipped ??= reason;
  };

  const child = (buyer: BuyerPlan, step: 'ping' | 'post', lead: Lead, cancellable = false, answerWithinMs?: number): Promise<DeliveryResult> => {
    const destination = step === 'ping' ? buyer.ping! : buyer.post;
    const deliveryId = childDeliveryIdFor(distributionId, buyer.name, step);
    const childInput: DeliverLeadInput = { v, plan: destination, lead, deliveryId, leadId, ...(answerWithinMs !== undefined ? { answerWithinMs } : {}) };
    return executeChild(deliverLead, {
      workflowId: deliveryId,
      args: [childInput],
      typedSearchAttributes: [
        { key: DESTINATION_KEY, value: destination.name },
        { key: LEAD_ID_KEY, value: searchKeyword(leadId) },
        { key: OUTCOME_KEY, value: 'pending' },
        { key: BUYER_KEY, value: [buyer.name] },
      ],
      staticSummary: oneLine(`${step} ${buyer.name} · lead ${leadId}`),
      // A ping still out at the deadline is cancelled without waiting for it.
      ...(cancellable ? { cancellationType: ChildWorkflowCancellationType.TRY_CANCEL } : {}),
    });
  };

  const stepOf = (deliveryId: string, at: string, result: DeliveryResult): StepRecord => ({
    deliveryId,
    outcome: result.outcome,
    reason: result.reason,
    startedAt: at,
    finishedAt: iso(),
    ...(result.price !== undefined ? { price: result.price } : {}),
    ...(result.response ? { status: result.response.status } : {}),
  });

  /** Reserves the buyer's cap (if any), posts, then confirms or releases. True when the buyer accepted. */
  const post = async (i: number, lead: Lead): Promise<boolean> => {
    const buyer = flow.buyers[i]!;
    const record = buyers[i]!;
    const deliveryId = childDeliveryIdFor(distributionId, buyer.name, 'post');
    const capCall: CapCall | undefined = buyer.caps ? { v, buyer: buyer.name, caps: buyer.caps, reservationId: deliveryId } : undefined;
    if (capCall) {
      let decision;
      try {
        decision = await caps.reserveCap(capCall);
      } catch {
        leaveOut(i, 'caps could not be checked (its cap workflow did not answer), so the lead was not offered');
        return false;
      }
      if (!decision.granted) {
        leaveOut(i, decision.reason);
        return false;
      }
    }
    record.eligible = true;
    const at = iso();
    let result: DeliveryResult;
    try {
      result = await child(buyer, 'post', lead);
    } catch (err) {
      if (!patched(CHILD_FAILURE_IS_BUYERS)) throw err;
      const failure = describeChildFailure(err, 'post', deliveryId);
      const step: StepRecord = { deliveryId, outcome: failure.outcome, reason: failure.reason, errorCode: failure.errorCode, startedAt: at, finishedAt: iso() };
      record.post = step;
      posts.push({ buyer: buyer.name, ...step });
      // Given back even while the distribution itself is being cancelled: the buyer never had this lead through us.
      if (capCall) await CancellationScope.nonCancellable(() => settle.releaseCap(capCall).catch(unsettled('release', capCall)));
      if (isCancellation(err) && CancellationScope.current().consideredCancelled) throw err;
      return false;
    }
    const step = stepOf(deliveryId, at, result);
    record.post = step;
    posts.push({ buyer: buyer.name, ...step });
    if (result.outcome === 'success') {
      record.sold = true;
      if (capCall) await settle.confirmCap(capCall).catch(unsettled('confirm', capCall));
      return true;
    }
    if (result.outcome === 'skipped') {
      record.eligible = false;
      leaveOut(i, `skip rule: ${result.reason}`);
    }
    if (capCall) await settle.releaseCap(capCall).catch(unsettled('release', capCall));
    return false;
  };

  const soldTo = () => buyers.filter((b) => b.sold).map((b) => b.buyer).join(', ');
  const eligible = await eligibleBuyers();

  if (flow.strategy === 'all') {
    // Fan-out in rounds: post at once to as many eligible buyers as max_buyers still allows;
    // a rejection (or a full cap) makes room for the next eligible buyer in the next round.
    const limit = flow.max_buyers ?? Number.POSITIVE_INFINITY;
    const waiting = [...eligible];
    while (waiting.length > 0 && sold() < limit) {
      const round = waiting.splice(0, limit - sold());
      await Promise.all(round.map((i) => post(i, input.lead)));
    }
    for (const i of waiting) leaveOut(i, `not offered: max_buyers ${flow.max_buyers} reached (sold to ${soldTo()})`);
  } else if (flow.strategy === 'in_order') {
    for (const i of eligible) {
      if (sold() >= maxSales) {
        leaveOut(i, `not offered: already sold (${soldTo()})`);
        continue;
      }
      await post(i, input.lead);
    }
  } else {
    bids = await auction();
    for (const bid of bids) {
      const i = flow.buyers.findIndex((b) => b.name === bid.buyer);
      if (sold() >= maxSales) {
        leaveOut(i, `outbid: sold to ${soldTo()}`);
        continue;
      }
      if (!bidIsValid(bid, Date.now())) {
        leaveOut(i, `bid expired at ${bid.expiresAt} (bid_ttl ${flow.bid_ttl} ms) before its turn`);
        continue;
      }
      await post(i, leadForPost(input.lead, bid));
    }
  }

  /**
   * The buyers whose skip rules let the lead through, in the flow's order; the others are
   * recorded as skipped with their rule's reason. For ping_post the ping's rules decide (a
   * ping without rules of its own has its buyer's). Buyers without skip rules need no call.
   */
  async function eligibleBuyers(): Promise<number[]> {
    const step = flow.strategy === 'ping_post' ? 'ping' : 'post';
    const ruled = flow.buyers
      .map((b, i) => ({ i, buyer: b.name, plan: step === 'ping' ? b.ping! : b.post, deliveryId: childDeliveryIdFor(distributionId, b.name, step) }))
      .filter((b) => (b.plan.skip ?? []).length > 0);
    if (ruled.length > 0) {
      const judged = await buyerEligibility.executeWithOptions({ summary: oneLine(`skip rules of ${ruled.length} buyer(s)`) }, [
        { v, lead: input.lead, buyers: ruled.map(({ buyer, plan, deliveryId }) => ({ buyer, plan: skipPlanOf(plan), deliveryId })) },
      ]);
      ruled.forEach(({ i }, k) => {
        const reason = judged.skipped[k];
        if (reason) leaveOut(i, reason);
      });
    }
    return flow.buyers.flatMap((_, i) => (buyers[i]!.skipped === undefined ? [i] : []));
  }

  /** Pings every eligible buyer at once and returns the bids that arrived by the deadline, best first. */
  async function auction(): Promise<Bid[]> {
    const pinged: number[] = [];
    for (const i of eligible) {
      const buyer = flow.buyers[i]!;
      if (buyer.caps) {
        const room = await caps.capHasRoom({ v, buyer: buyer.name, caps: buyer.caps }).catch(
          (): CapDecision =>
            patched(CAP_CHECK_FAILS_CLOSED) ? { granted: false, reason: 'caps could not be checked (its cap workflow did not answer), so it was not pinged' } : { granted: true },
        );
        if (!room.granted) {
          leaveOut(i, room.reason);
          continue;
        }
      }
      pinged.push(i);
    }
    // Each buyer's window opens at its ping's own send (the ping enforces it), and the auction
    // waits for every ping until its own deadline. Auctions started before: one ping_timeout.
    const fromSend = patched(PING_WINDOW_FROM_SEND);
    const deadlineMs = fromSend ? flow.auction_timeout : flow.ping_timeout;
    const atTheDeadline = cancelledAtDeadline(fromSend, deadlineMs);
    const sentAtMs = Date.now();
    const sentAt = iso(sentAtMs);
    const scope = new CancellationScope();
    let open = true;
    let answered = 0;
    const got: Bid[] = [];
    const pings = pinged.map((i) => {
      const buyer = flow.buyers[i]!;
      const record = buyers[i]!;
      const deliveryId = childDeliveryIdFor(distributionId, buyer.name, 'ping');
      return scope
        .run(() => child(buyer, 'ping', input.lead, true, fromSend ? flow.ping_timeout : undefined))
        .then(
          (result) => {
            record.ping = stepOf(deliveryId, sentAt, result);
            if (!open) return;
            answered++;
            if (result.outcome === 'skipped') {
              leaveOut(i, `skip rule: ${result.reason}`);
              return;
            }
            record.eligible = true;
            // Timed from the ping's own send and its buyer's answer, not from the auction's start.
            const times = fromSend ? pingAnswerTimes(result) : undefined;
            const answer = bidFromPing(buyer.name, result, times?.sentAtMs ?? sentAtMs, times?.receivedAtMs ?? Date.now(), flow.bid_ttl);
            if ('bid' in answer) {
              record.bid = answer.bid;
              got.push(answer.bid);
            } else leaveOut(i, fromSend && pingCutByWindow(result, flow.ping_timeout, buyer.ping!.timeout) ? `no bid within ping_timeout (${flow.ping_timeout} ms)` : answer.reason);
          },
          (err: unknown) => {
            // No bid: cancelled at the deadline, or the child could not start, or it failed. Which one is recorded.
            record.eligible = true;
            const atDeadline = !open && isCancellation(err);
            const failure = atDeadline ? atTheDeadline : describeChildFailure(err, 'ping', deliveryId);
            record.ping ??= { deliveryId, outcome: failure.outcome, reason: failure.reason, errorCode: failure.errorCode, startedAt: sentAt, finishedAt: iso() };
            if (open) answered++;
            leaveOut(i, atDeadline ? atTheDeadline.skipped : `no bid: ${failure.reason}`);
          },
        );
    });
    // The deadline is a durable timer: a worker restart resumes the wait, it does not restart it.
    await condition(() => answered === pinged.length, deadlineMs);
    open = false;
    if (answered < pinged.length) {
      scope.cancel();
      await Promise.all(pings);
    }
    const { ranked, belowFloor } = rankBids(got, flow.buyers.map((b) => b.name), flow.floor);
    for (const bid of belowFloor) leaveOut(flow.buyers.findIndex((b) => b.name === bid.buyer), `bid ${bid.price} is below the floor ${flow.floor}`);
    return ranked;
  }

  const summary = saleSummary(buyers, posts);
  const result: FlowResult = {
    distributionId,
    flow: flow.name,
    strategy: flow.strategy,
    sale: flow.sale,
    leadId,
    ...summary,
    buyers,
    bids,
    posts,
    startedAt,
    finishedAt: iso(),
  };
  reportFlowFinished(result);
  const price = salePriceAttribute(summary);
  upsertSearchAttributes([
    { key: OUTCOME_KEY, value: summary.outcome },
    { key: SOLD_KEY, value: summary.outcome === 'sold' },
    ...(summary.soldTo.length > 0 ? [{ key: BUYER_KEY, value: summary.soldTo }] : []),
    ...(price !== undefined ? [{ key: PRICE_KEY, value: price }] : []),
  ]);
  return result;
}

/** What a ping still out at the auction's deadline is recorded as (its ping, and why its buyer has no bid). */
function cancelledAtDeadline(fromSend: boolean, ms: number) {
  const option = fromSend ? 'auction_timeout' : 'ping_timeout';
  return {
    outcome: 'cancelled' as const,
    reason: `no answer within ${option} (${ms} ms): cancelled at the ${fromSend ? "auction's " : ''}deadline`,
    errorCode: fromSend ? ('AUCTION_TIMEOUT' as const) : ('PING_TIMEOUT' as const),
    skipped: `no bid within ${option} (${ms} ms)`,
  };
}

/**
 * LeadwirePrice: what the lead sold for, the sum over its buyers (issue 21: one price rule in
 * `distribute`, `list --flows` and queries). Distributions started before held the winner's price.
 */
function salePriceAttribute(summary: Pick<FlowResult, 'salePrice' | 'totalPrice'>): number | undefined {
  return patched(PRICE_IS_TOTAL) ? summary.totalPrice : summary.salePrice;
}
