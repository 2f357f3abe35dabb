import type { SendResult } from '../core/delivery/send-result.js';
import type { RenderOutcome } from '../core/render/rendered-request.js';
import { maskingSecretResolver } from '../core/secrets/secret-refs.js';
import type { Evaluator } from '../sandbox/evaluator.js';
import type { SendInput } from './activity-types.js';
import type { createRequestSender } from './request-sender.js';
import { toApplicationFailure } from './to-application-failure.js';

/** Sends a lead whose masked render (`shown`) is already known: renders it for real with the granted secrets, then sends. */
export type RenderedLeadSender = (input: SendInput, shown: RenderOutcome) => Promise<SendResult>;

export function createRenderedLeadSender(sendRendered: ReturnType<typeof createRequestSender>, evaluator: Evaluator): RenderedLeadSender {
  return (input, shown) =>
    sendRendered({
      destination: input.destination,
      shown,
      render: (secrets) => evaluator.renderRequest(input.destination, input.lead, { deliveryId: input.deliveryId, now: input.now }, secrets),
      deliveryId: input.deliveryId,
    });
}

/**
 * Renders the exact request for one lead (masked first: its hosts decide which secrets are
 * granted), resolves the granted secrets and sends it. The only place a secret's value exists.
 * HTTP and network failures are results, not throws.
 */
export function createSendLead(sendLeadRendered: RenderedLeadSender, evaluator: Evaluator) {
  return async function sendLead(input: SendInput): Promise<SendResult> {
    try {
      const shown = await evaluator.renderRequest(input.destination, input.lead, { deliveryId: input.deliveryId, now: input.now }, maskingSecretResolver);
      return await sendLeadRendered(input, shown);
    } catch (err) {
      return toApplicationFailure(err);
    }
  };
}
