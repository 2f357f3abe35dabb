import type { SendInput } from '../contract/activity-messages.js';
import type { RenderOutcome } from '../contract/rendered-request.js';
import type { SendResult } from '../contract/send-result.js';
import { upgrade } from '../contract/upgrade/upgrade.js';
import { maskingSecretResolver } from '../core/secrets/secret-refs.js';
import type { Evaluator } from '../sandbox/evaluator.js';
import type { createRequestSender } from './request-sender.js';
import { toApplicationFailure } from './to-application-failure.js';

/** Sends a lead whose masked render (`shown`) is already known: renders it for real with the granted secrets, then sends. */
export type RenderedLeadSender = (input: Omit<SendInput, 'v'>, shown: RenderOutcome) => Promise<SendResult>;

export function createRenderedLeadSender(sendRendered: ReturnType<typeof createRequestSender>, evaluator: Evaluator): RenderedLeadSender {
  return (input, shown) =>
    sendRendered({
      plan: input.plan,
      shown,
      render: (secrets) => evaluator.renderRequest(input.plan, input.lead, { deliveryId: input.deliveryId, now: input.now }, secrets),
      deliveryId: input.deliveryId,
    });
}

/**
 * Renders the exact request for one lead (masked first: its hosts decide which secrets are
 * granted), resolves the granted secrets and sends it. The only place a secret's value exists.
 * HTTP and network failures are results, not throws. Its input may have been scheduled by an
 * earlier release: it is upgraded first (src/contract/upgrade).
 */
export function createSendLead(sendLeadRendered: RenderedLeadSender, evaluator: Evaluator) {
  return async function sendLead(stored: SendInput): Promise<SendResult> {
    try {
      const input = upgrade.sendInput(stored);
      const shown = await evaluator.renderRequest(input.plan, input.lead, { deliveryId: input.deliveryId, now: input.now }, maskingSecretResolver);
      return await sendLeadRendered(input, shown);
    } catch (err) {
      return toApplicationFailure(err);
    }
  };
}
