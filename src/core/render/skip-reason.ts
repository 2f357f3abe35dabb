import type { SkipPlan } from '../../contract/delivery-plan.js';
import type { Lead } from '../lead/lead.js';
import { evaluateExpression } from '../template/expression.js';
import { isTruthy } from './is-truthy.js';
import { expressionBindings, type RenderEnv } from './render-env.js';
import type { RenderContext } from './rendered-request.js';

/** The reason of the first skip rule that matches the lead, or undefined when it should be sent. */
export async function skipReason(env: Pick<RenderEnv, 'lead' | 'bindings'> & { destination: Pick<SkipPlan, 'skip'> }): Promise<string | undefined> {
  for (const [i, rule] of (env.destination.skip ?? []).entries()) {
    if (isTruthy(await evaluateExpression(rule.when, env.lead, env.bindings, `skip[${i}].when`))) return rule.reason;
  }
  return undefined;
}

/**
 * The destination's skip rules (and so its time windows, through `$hour`, `$weekday`) on a
 * lead, without rendering anything: whether a flow's buyer is eligible. Pure: `context.now` is
 * the time they are judged at. Null when the lead should be sent.
 */
export async function leadSkipReason(destination: SkipPlan, lead: Lead, context: RenderContext): Promise<string | null> {
  return (await skipReason({ destination, lead, bindings: expressionBindings(destination, context) })) ?? null;
}
