import type { SendPlan, SkipPlan } from '../../contract/delivery-plan.js';
import type { Lead } from '../lead/lead.js';
import type { SecretResolver } from '../secrets/secret-refs.js';
import type { ExpressionBindings } from '../template/expression.js';
import { localTime } from '../template/time-bindings.js';
import type { RenderContext } from './rendered-request.js';

/** Everything one render reads: the lead, the config, and the facts passed in. */
export interface RenderEnv {
  destination: SendPlan;
  lead: Lead;
  context: RenderContext;
  secrets: SecretResolver;
  /** `$hour`, `$weekday`, ... for expressions, in the destination's time zone. */
  bindings: ExpressionBindings;
  /** What a Liquid template sees: the lead's fields at the top level, and `lead`, `meta`. */
  scope: Record<string, unknown>;
}

export function createRenderEnv(destination: SendPlan, lead: Lead, context: RenderContext, secrets: SecretResolver): RenderEnv {
  const meta = { source: 'leadwire', timestamp: context.now, destination: destination.name, delivery_id: context.deliveryId };
  return { destination, lead, context, secrets, bindings: expressionBindings(destination, context), scope: { ...lead, lead, meta } };
}

/** What expressions see besides the lead: `$now`, `$hour`, `$weekday`, ... in the destination's time zone. */
export function expressionBindings(destination: Pick<SkipPlan, 'name' | 'time_zone'>, context: RenderContext): ExpressionBindings {
  const t = localTime(context.now, destination.time_zone);
  return { now: context.now, hour: t.hour, minute: t.minute, weekday: t.weekday, day: t.day, delivery_id: context.deliveryId, destination: destination.name };
}
