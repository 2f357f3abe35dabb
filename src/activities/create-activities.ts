import { randomInt } from 'node:crypto';
import { TokenCache } from '../core/auth/token-cache.js';
import type { SecretStore } from '../core/secrets/secret-store.js';
import { loadSecretStore } from '../config/load-secrets-file.js';
import { fetchOAuthToken } from '../http/fetch-oauth-token.js';
import type { HttpSender } from '../http/send-http-request.js';
import { sharedSandbox, type Evaluator } from '../sandbox/evaluator.js';
import { createBatchActivities } from './batch-activities.js';
import { createBuyerEligibility } from './buyer-eligibility-activity.js';
import { createCapActivities } from './cap-activities.js';
import { createJudgeAttempt } from './judge-attempt-activity.js';
import { createRenderLead } from './render-lead-activity.js';
import { createRequestSender } from './request-sender.js';
import { createDeliverFirstAttempt } from './first-attempt-activity.js';
import { createRenderedLeadSender, createSendLead } from './send-lead-activity.js';
import { validateCorrectedDestination } from './validate-destination-activity.js';

export interface ActivityDeps {
  http: HttpSender;
  /** The worker's secrets (see src/core/secrets/secret-store.ts); default: loaded from `env`. */
  secrets?: SecretStore;
  /**
   * The environment the secrets are loaded from when `secrets` is not given: `LEADWIRE_SECRET_*`
   * and `LEADWIRE_SECRETS_FILE` (read and validated now). Default the worker's environment.
   */
  env?: Record<string, string | undefined>;
  now?: () => Date;
  /** Where templates, expressions and response rules are evaluated; default the process's shared sandbox. */
  evaluator?: Evaluator;
}

/**
 * The activities of a delivery, built from their dependencies (the samples' factory
 * pattern). Each is a thin wrapper around src/core; only `sendLead` does I/O.
 */
export function createActivities(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  // Per worker: OAuth2 tokens are reused until they expire; round-robin counters per destination.
  const tokens = new TokenCache(() => now().getTime());
  const counters = new Map<string, number>();
  const secrets = deps.secrets ?? loadSecretStore(deps.env ?? process.env);
  const evaluator = deps.evaluator ?? sharedSandbox().evaluator;
  const sendRendered = createRequestSender({
    http: deps.http,
    secrets,
    clock: now,
    tokens,
    // An unparsable token URL gets no agents here: fetchOAuthToken refuses it with a message that names the masked URL.
    fetchToken: (credentials, timeoutMs) =>
      fetchOAuthToken(
        credentials,
        timeoutMs,
        () => now().getTime(),
        (URL.canParse(credentials.tokenUrl) ? deps.http.agentsFor?.(new URL(credentials.tokenUrl)) : undefined) ?? deps.http.agents,
      ),
    pickEndpoint: (destination, strategy) => {
      if (strategy === 'random') return randomInt(1_000_000);
      const n = counters.get(destination) ?? 0;
      counters.set(destination, n + 1);
      return n;
    },
  });
  const sendLeadRendered = createRenderedLeadSender(sendRendered, evaluator);
  const judgeAttempt = createJudgeAttempt(evaluator);
  return {
    renderLead: createRenderLead(now, evaluator),
    sendLead: createSendLead(sendLeadRendered, evaluator),
    judgeAttempt,
    deliverFirstAttempt: createDeliverFirstAttempt(now, evaluator, sendLeadRendered, judgeAttempt),
    ...createBatchActivities(sendRendered, now, evaluator),
    buyerEligibility: createBuyerEligibility(now, evaluator),
    ...createCapActivities(now),
    validateCorrectedDestination,
  };
}

export type LeadwireActivities = ReturnType<typeof createActivities>;
