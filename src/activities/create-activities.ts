import { envSecretResolver } from '../core/secrets/secret-refs.js';
import type { HttpSender } from '../http/send-http-request.js';
import { judgeAttempt } from './judge-attempt-activity.js';
import { createRenderLead } from './render-lead-activity.js';
import { createSendLead } from './send-lead-activity.js';

export interface ActivityDeps {
  http: HttpSender;
  /** Where secrets come from; default the worker's environment. */
  env?: Record<string, string | undefined>;
  now?: () => Date;
}

/**
 * The activities of a delivery, built from their dependencies (the samples' factory
 * pattern). Each is a thin wrapper around src/core; only `sendLead` does I/O.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    renderLead: createRenderLead(deps.now ?? (() => new Date())),
    sendLead: createSendLead(deps.http, envSecretResolver(deps.env ?? process.env)),
    judgeAttempt,
  };
}

export type LeadwireActivities = ReturnType<typeof createActivities>;
