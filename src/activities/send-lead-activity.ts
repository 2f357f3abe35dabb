import { renderRequest } from '../core/render/render-request.js';
import type { SendResult } from '../core/delivery/send-result.js';
import { maskingSecretResolver, type SecretResolver } from '../core/secrets/secret-refs.js';
import type { SendInput } from './activity-types.js';
import type { createRequestSender } from './request-sender.js';
import { toApplicationFailure } from './to-application-failure.js';

/**
 * Resolves secrets, renders the exact request for one lead and sends it. The only place a
 * secret's value exists. HTTP and network failures are results, not throws.
 */
export function createSendLead(sendRendered: ReturnType<typeof createRequestSender>, secrets: SecretResolver) {
  return async function sendLead(input: SendInput): Promise<SendResult> {
    try {
      const context = { deliveryId: input.deliveryId, now: input.now };
      const real = await renderRequest(input.destination, input.lead, context, secrets);
      const shown = await renderRequest(input.destination, input.lead, context, maskingSecretResolver);
      return await sendRendered({ destination: input.destination, real, shown, deliveryId: input.deliveryId });
    } catch (err) {
      return toApplicationFailure(err);
    }
  };
}
