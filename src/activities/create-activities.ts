import type { HttpSender } from '../http/send-http-request.js';
import { judgeResponse } from '../core/response/judge-response.js';
import { renderRequest } from '../core/render/render-request.js';
import { envSecretResolver, maskingSecretResolver, substituteSecrets } from '../core/secrets/secret-refs.js';
import { retryDelay } from '../core/retry/retry-delay.js';
import type { JudgeInput, JudgeResult, RenderInput, RenderResult, SendInput } from './activity-types.js';
import type { SendResult } from '../core/delivery/send-result.js';
import { toApplicationFailure } from './to-application-failure.js';

export interface ActivityDeps {
  http: HttpSender;
  /** Where secrets come from; default the worker's environment. */
  env?: Record<string, string | undefined>;
  now?: () => Date;
}

/**
 * The activities of a delivery. Each is a thin wrapper: the pure logic lives in
 * src/core, and only `sendLead` does I/O.
 */
export function createActivities(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  const secrets = envSecretResolver(deps.env ?? process.env);

  return {
    /** Renders the request with secrets masked: the record of what will be sent, or a skip. */
    async renderLead(input: RenderInput): Promise<RenderResult> {
      const at = now().toISOString();
      try {
        const outcome = renderRequest(input.destination, input.lead, { deliveryId: input.deliveryId, now: at }, maskingSecretResolver);
        return { now: at, outcome };
      } catch (err) {
        return toApplicationFailure(err);
      }
    },

    /** Resolves secrets, renders the exact request and sends it. HTTP and network failures are results, not throws. */
    async sendLead(input: SendInput): Promise<SendResult> {
      try {
        const rendered = renderRequest(input.destination, input.lead, { deliveryId: input.deliveryId, now: input.now }, secrets);
        if (rendered.kind !== 'request') throw new Error('sendLead called for a lead that renders to a skip');
        return await deps.http(rendered.request, {
          timeoutMs: input.destination.timeout,
          displayUrl: substituteSecrets(input.destination.url, maskingSecretResolver),
        });
      } catch (err) {
        return toApplicationFailure(err);
      }
    },

    /** Judges one attempt's result and says how long to wait before the next. */
    async judgeAttempt(input: JudgeInput): Promise<JudgeResult> {
      const verdict = judgeResponse(input.destination, input.result);
      return { verdict, retryDelayMs: retryDelay(input.destination.retry, input.attempt + 1) };
    },
  };
}

export type LeadwireActivities = ReturnType<typeof createActivities>;
