import type { RenderInput, RenderResult } from '../contract/activity-messages.js';
import { maskingSecretResolver } from '../core/secrets/secret-refs.js';
import type { Evaluator } from '../sandbox/evaluator.js';
import { toApplicationFailure } from './to-application-failure.js';

/**
 * Renders the request with secrets masked: the record of what will be sent, or a skip.
 * Skip rules and time-based routes read `now` from this activity's clock, never the workflow's.
 * A local activity: its input is always today's (only its result is recorded).
 */
export function createRenderLead(now: () => Date, evaluator: Evaluator) {
  return async function renderLead(input: RenderInput): Promise<RenderResult> {
    const at = now().toISOString();
    try {
      const outcome = await evaluator.renderRequest(input.plan, input.lead, { deliveryId: input.deliveryId, now: at }, maskingSecretResolver);
      return { now: at, outcome };
    } catch (err) {
      return toApplicationFailure(err);
    }
  };
}
