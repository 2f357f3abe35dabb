import { evaluateExpression } from '../template/expression.js';
import { isTruthy } from './is-truthy.js';
import type { RenderEnv } from './render-env.js';

/** The reason of the first skip rule that matches the lead, or undefined when it should be sent. */
export async function skipReason(env: RenderEnv): Promise<string | undefined> {
  for (const [i, rule] of (env.destination.skip ?? []).entries()) {
    if (isTruthy(await evaluateExpression(rule.when, env.lead, env.bindings, `skip[${i}].when`))) return rule.reason;
  }
  return undefined;
}
