import { oneLine } from '../core/explain/words.js';
import { CancellationScope, ChildWorkflowCancellationType, executeChild, isCancellation, patched, proxyLocalActivities } from '@temporalio/workflow';
import type { LeadwireActivities } from '../activities/create-activities.js';
import type { CapCall } from '../contract/activity-messages.js';
import type { DeliveryResult } from '../contract/delivery-record.js';
import { skipPlanOf } from '../contract/delivery-plan.js';
import type { BuyerPlan, FlowPlan } from '../contract/flow-plan.js';
import { CONTRACT_VERSION as v } from '../contract/version.js';
import type { DeliverLeadInput, DistributeLeadInput } from '../contract/workflow-inputs.js';
import type { Bid } from '../core/flows/bids.js';
import { childDeliveryIdFor } from '../core/flows/flow-ids.js';
import type { BuyerRecord, FlowResult, StepRecord } from '../core/flows/flow-result.js';
import type { Lead } from '../core/lead/lead.js';
import { BUYER_KEY, DESTINATION_KEY, LEAD_ID_KEY, OUTCOME_KEY } from '../shared/search-attributes.js';
import { searchKeyword } from '../shared/search-keyword.js';
import { describeChildFailure } from './child-failure.js';
import { deliverLead } from './deliver-lead.js';
import { capCallFor, confirmPlace, releasePlace, reservePlace } from './flow-caps.js';
import { CHILD_FAILURE_IS_BUYERS } from './flow-patches.js';

// The skip rules of every buyer, judged in one local activity (the sandbox evaluates them) before anyone is offered the lead.
const { buyerEligibility } = proxyLocalActivities<LeadwireActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 5 } });

/** A workflow time as an ISO string (now by default). */
export const iso = (ms = Date.now()) => new Date(ms).toISOString();

/**
 * The state of one distribution (its buyers' records, the bids, the posts: what its status
 * query shows) and the steps every strategy shares: eligibility, a post with its cap
 * reserved then confirmed or released, starting a ping or post child, recording a step.
 * The strategies (distribute-all.ts, distribute-in-order.ts, distribute-ping-post.ts) drive it.
 */
export class Distribution {
  readonly flow: FlowPlan;
  readonly distributionId: string;
  readonly leadId: string;
  readonly lead: Lead;
  readonly buyers: BuyerRecord[];
  readonly posts: FlowResult['posts'] = [];
  bids: Bid[] = [];

  constructor(input: DistributeLeadInput) {
    this.flow = input.flow;
    this.distributionId = input.distributionId;
    this.leadId = input.leadId;
    this.lead = input.lead;
    this.buyers = input.flow.buyers.map((b) => ({ buyer: b.name, eligible: false, sold: false }));
  }

  /** What the flow status query answers. */
  status() {
    const { distributionId, flow, leadId, buyers, bids, posts } = this;
    return { distributionId, flow: flow.name, strategy: flow.strategy, leadId, buyers, bids, posts };
  }

  /** How many buyers bought the lead so far. */
  sold(): number {
    return this.buyers.filter((b) => b.sold).length;
  }

  /** The buyers who bought the lead so far, comma-separated. */
  soldTo(): string {
    return this.buyers
      .filter((b) => b.sold)
      .map((b) => b.buyer)
      .join(', ');
  }

  /** Records why buyer `i` was left out (the first reason stands). */
  leaveOut(i: number, reason: string): void {
    this.buyers[i]!.skipped ??= reason;
  }

  /** The index of a buyer in the flow, by name. */
  indexOf(buyer: string): number {
    return this.flow.buyers.findIndex((b) => b.name === buyer);
  }

  /** The delivery id of a buyer's ping or post child. */
  deliveryIdOf(buyer: BuyerPlan, step: 'ping' | 'post'): string {
    return childDeliveryIdFor(this.distributionId, buyer.name, step);
  }

  /** Starts a buyer's ping or post as a child `deliverLead` and returns its result (a ping may be cancellable, with its bid window). */
  child(buyer: BuyerPlan, step: 'ping' | 'post', lead: Lead, cancellable = false, answerWithinMs?: number): Promise<DeliveryResult> {
    const destination = step === 'ping' ? buyer.ping! : buyer.post;
    const deliveryId = this.deliveryIdOf(buyer, step);
    const leadId = this.leadId;
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
  }

  /** The step record of a child that finished with a result. */
  stepOf(deliveryId: string, at: string, result: DeliveryResult): StepRecord {
    return {
      deliveryId,
      outcome: result.outcome,
      reason: result.reason,
      startedAt: at,
      finishedAt: iso(),
      ...(result.price !== undefined ? { price: result.price } : {}),
      ...(result.response ? { status: result.response.status } : {}),
    };
  }

  /** Records buyer `i`'s post step, on its record and in the distribution's posts. */
  recordPost(i: number, step: StepRecord): void {
    this.buyers[i]!.post = step;
    this.posts.push({ buyer: this.flow.buyers[i]!.name, ...step });
  }

  /** Reserves the buyer's cap (if any), posts, then confirms or releases. True when the buyer accepted. */
  async post(i: number, lead: Lead): Promise<boolean> {
    const buyer = this.flow.buyers[i]!;
    const record = this.buyers[i]!;
    const deliveryId = this.deliveryIdOf(buyer, 'post');
    const capCall = capCallFor(buyer, deliveryId);
    if (capCall) {
      let decision;
      try {
        decision = await reservePlace(capCall);
      } catch {
        this.leaveOut(i, 'caps could not be checked (its cap workflow did not answer), so the lead was not offered');
        return false;
      }
      if (!decision.granted) {
        this.leaveOut(i, decision.reason);
        return false;
      }
    }
    record.eligible = true;
    const at = iso();
    let result: DeliveryResult;
    try {
      result = await this.child(buyer, 'post', lead);
    } catch (err) {
      return this.postFailed(i, err, at, capCall);
    }
    this.recordPost(i, this.stepOf(deliveryId, at, result));
    if (result.outcome === 'success') {
      record.sold = true;
      if (capCall) await confirmPlace(capCall);
      return true;
    }
    if (result.outcome === 'skipped') {
      record.eligible = false;
      this.leaveOut(i, `skip rule: ${result.reason}`);
    }
    if (capCall) await releasePlace(capCall);
    return false;
  }

  /**
   * A post child that could not start or failed: its buyer's failure (recorded, its place
   * released) since CHILD_FAILURE_IS_BUYERS; before, the distribution failed with it.
   */
  private async postFailed(i: number, err: unknown, at: string, capCall: CapCall | undefined): Promise<false> {
    if (!patched(CHILD_FAILURE_IS_BUYERS)) throw err;
    const deliveryId = this.deliveryIdOf(this.flow.buyers[i]!, 'post');
    const failure = describeChildFailure(err, 'post', deliveryId);
    this.recordPost(i, { deliveryId, outcome: failure.outcome, reason: failure.reason, errorCode: failure.errorCode, startedAt: at, finishedAt: iso() });
    // Given back even while the distribution itself is being cancelled: the buyer never had this lead through us.
    if (capCall) await CancellationScope.nonCancellable(() => releasePlace(capCall));
    if (isCancellation(err) && CancellationScope.current().consideredCancelled) throw err;
    return false;
  }

  /**
   * The buyers whose skip rules let the lead through, in the flow's order; the others are
   * recorded as skipped with their rule's reason. For ping_post the ping's rules decide (a
   * ping without rules of its own has its buyer's). Buyers without skip rules need no call.
   */
  async eligibleBuyers(): Promise<number[]> {
    const step = this.flow.strategy === 'ping_post' ? 'ping' : 'post';
    const ruled = this.flow.buyers
      .map((b, i) => ({ i, buyer: b.name, plan: step === 'ping' ? b.ping! : b.post, deliveryId: this.deliveryIdOf(b, step) }))
      .filter((b) => (b.plan.skip ?? []).length > 0);
    if (ruled.length > 0) {
      const judged = await buyerEligibility.executeWithOptions({ summary: oneLine(`skip rules of ${ruled.length} buyer(s)`) }, [
        { v, lead: this.lead, buyers: ruled.map(({ buyer, plan, deliveryId }) => ({ buyer, plan: skipPlanOf(plan), deliveryId })) },
      ]);
      ruled.forEach(({ i }, k) => {
        const reason = judged.skipped[k];
        if (reason) this.leaveOut(i, reason);
      });
    }
    return this.flow.buyers.flatMap((_, i) => (this.buyers[i]!.skipped === undefined ? [i] : []));
  }
}
