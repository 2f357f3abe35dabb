import type { SendResult } from '../core/delivery/send-result.js';
import { maskingSecretResolver } from '../core/secrets/secret-refs.js';
import type { Evaluator } from '../sandbox/evaluator.js';
import type { SendInput } from './activity-types.js';
import type { createRequestSender } from './request-sender.js';
import { toApplicationFailure } from './to-application-failure.js';

/**
 * Renders the exact request for one lead (masked first: its hosts decide which secrets are
 * granted), resolves the granted secrets and sends it. The only place a secret's value exists.
 * HTTP and network failures are results, not throws.
 */
export function createSendLead(sendRendered: ReturnType<typeof createRequestSender>, evaluator: Evaluator) {
  return async function sendLead(input: SendInput): Promise<SendResult> {
    try {
      const context = { deliveryId: input.deliveryId, now: input.now };
      const shown = await evaluator.renderRequest(input.destination, input.lead, context, maskingSecretResolver);
      return await sendRendered({
        destination: input.destination,
        shown,
        render: (secrets) => evaluator.renderRequest(input.destination, input.lead, context, secrets),
        deliveryId: input.deliveryId,
      });
    } catch (err) {
      return toApplicationFailure(err);
    }
  };
}
