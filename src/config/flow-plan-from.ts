import type { BuyerPlan, FlowPlan } from '../contract/flow-plan.js';
import type { Buyer, Flow } from './loaded-flow.js';
import { deliveryPlanFrom } from './delivery-plan-from.js';

/**
 * The bridge from a loaded flow file to the stored contract: the flow plan a distribution's
 * input holds, every buyer's requests as delivery plans. `lead_id_field` stays at the edge (the
 * distribution id is made from it before anything starts).
 */
export function flowPlanFrom(flow: Flow): FlowPlan {
  return {
    name: flow.name,
    strategy: flow.strategy,
    sale: flow.sale,
    ...(flow.max_sales !== undefined ? { max_sales: flow.max_sales } : {}),
    ...(flow.max_buyers !== undefined ? { max_buyers: flow.max_buyers } : {}),
    ping_timeout: flow.ping_timeout,
    auction_timeout: flow.auction_timeout,
    bid_ttl: flow.bid_ttl,
    ...(flow.floor !== undefined ? { floor: flow.floor } : {}),
    buyers: flow.buyers.map(buyerPlanFrom),
  };
}

function buyerPlanFrom(buyer: Buyer): BuyerPlan {
  return {
    name: buyer.name,
    post: deliveryPlanFrom(buyer.destination),
    ...(buyer.ping ? { ping: deliveryPlanFrom(buyer.ping) } : {}),
    ...(buyer.caps ? { caps: { ...buyer.caps } } : {}),
  };
}
