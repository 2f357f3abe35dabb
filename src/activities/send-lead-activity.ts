import type { SendResult } from '../core/delivery/send-result.js';
import { renderRequest } from '../core/render/render-request.js';
import { maskingSecretResolver, substituteSecrets, type SecretResolver } from '../core/secrets/secret-refs.js';
import type { HttpSender } from '../http/send-http-request.js';
import type { SendInput } from './activity-types.js';
import { toApplicationFailure } from './to-application-failure.js';

/**
 * Resolves secrets, renders the exact request and sends it. The only place a secret's
 * value exists. HTTP and network failures are results, not throws.
 */
export function createSendLead(http: HttpSender, secrets: SecretResolver) {
  return async function sendLead(input: SendInput): Promise<SendResult> {
    try {
      const rendered = renderRequest(input.destination, input.lead, { deliveryId: input.deliveryId, now: input.now }, secrets);
      if (rendered.kind !== 'request') throw new Error('sendLead called for a lead that renders to a skip');
      return await http(rendered.request, {
        timeoutMs: input.destination.timeout,
        displayUrl: substituteSecrets(input.destination.url, maskingSecretResolver),
      });
    } catch (err) {
      return toApplicationFailure(err);
    }
  };
}
