import { patched, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { FlowPlan } from '../contract/flow-plan.js';
import { upgrade } from '../contract/upgrade/upgrade.js';
import type { DistributeLeadInput } from '../contract/workflow-inputs.js';
import { saleSummary, type FlowResult } from '../core/flows/flow-result.js';
import { reportFlowFinished } from '../metrics/report-flow-finished.js';
import { flowStatusQuery } from '../shared/flow-messages.js';
import { BUYER_KEY, OUTCOME_KEY, PRICE_KEY, SOLD_KEY } from '../shared/search-attributes.js';
import { distributeToAll } from './distribute-all.js';
import { distributeInOrder } from './distribute-in-order.js';
import { distributePingPost } from './distribute-ping-post.js';
import { Distribution, iso } from './distribution.js';

// Its patches are named in flow-patches.ts (the strategies' steps call patched() where each applies).

/** The patch that made LeadwirePrice the total a distribution sold for, not the winner's price. */
const PRICE_IS_TOTAL = 'leadwire-price-is-total';

/** The function of a flow's strategy: each offers the lead to the eligible buyers (indexes, in the flow's order). */
function strategyOf(strategy: FlowPlan['strategy']): (d: Distribution, eligible: number[]) => Promise<void> {
  if (strategy === 'all') return distributeToAll;
  if (strategy === 'in_order') return distributeInOrder;
  return distributePingPost;
}

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
  const startedAt = iso();
  const d = new Distribution(input);
  setHandler(flowStatusQuery, () => d.status());
  const eligible = await d.eligibleBuyers();
  await strategyOf(input.flow.strategy)(d, eligible);
  return finished(d, startedAt);
}

/** The distribution's result, reported to the metrics and shown in its search attributes. */
function finished(d: Distribution, startedAt: string): FlowResult {
  const { distributionId, flow, leadId, buyers, bids, posts } = d;
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

/**
 * LeadwirePrice: what the lead sold for, the sum over its buyers (issue 21: one price rule in
 * `distribute`, `list --flows` and queries). Distributions started before held the winner's price.
 */
function salePriceAttribute(summary: Pick<FlowResult, 'salePrice' | 'totalPrice'>): number | undefined {
  return patched(PRICE_IS_TOTAL) ? summary.totalPrice : summary.salePrice;
}
