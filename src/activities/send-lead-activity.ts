import type { SendResult } from '../core/delivery/send-result.js';
import { maskingSecretResolver, type SecretResolver } from '../core/secrets/secret-refs.js';
import type { Evaluator } from '../sandbox/evaluator.js';
import type { SendInput } from './activity-types.js';
import type { createRequestSender } from './request-sender.js';
import { toApplicationFailure } from './to-application-failure.js';

/**
 * Resolves secrets, renders the exact request for one lead and sends it. The only place a
 * secret's value exists. HTTP and network failures are results, not throws.
 */
export function createSendLead(sendRendered: ReturnType<typeof createRequestSender>, secrets: SecretResolver, evaluator: Evaluator) {
  return async function sendLead(input: SendInput): Promise<SendResult> {
    try {
      const context = { deliveryId: input.deliveryId, now: input.now };
      // One after the other: a hostile config then holds one sandbox process, not two.
      const shown = await evaluator.renderRequest(input.destination, input.lead, context, maskingSecretResolver);
      const real = await evaluator.renderRequest(input.destination, input.lead, context, secrets);
      return await sendRendered({ destination: input.destination, real, shown, deliveryId: input.deliveryId });
    } catch (err) {
      return toApplicationFailure(err);
    }
  };
}
