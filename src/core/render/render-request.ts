import type { SendPlan } from '../../contract/delivery-plan.js';
import { staticAuth } from '../auth/static-auth.js';
import { RenderError } from '../errors/render-error.js';
import type { Lead } from '../lead/lead.js';
import { substituteSecrets, type SecretResolver } from '../secrets/secret-refs.js';
import { renderBody } from './render-body.js';
import { createRenderEnv } from './render-env.js';
import { setHeaders } from './set-headers.js';
import { LEADWIRE_USER_AGENT } from './user-agent.js';
import { skipReason } from './skip-reason.js';
import { appendQuery, queryPairs, resolveTargets } from './resolve-url.js';
import type { RenderContext, RenderOutcome, RenderedRequest } from './rendered-request.js';

/**
 * Turns a lead into the exact HTTP request a destination wants, or a skip. Pure: time,
 * ids and secrets come in as arguments. Called with a masking resolver for previews and
 * records, and with the real one only inside the sending activity. Per-attempt signing,
 * OAuth2 tokens and compression happen later, in `prepareWireRequest`.
 */
export async function renderRequest(destination: SendPlan, lead: Lead, context: RenderContext, secrets: SecretResolver): Promise<RenderOutcome> {
  const env = createRenderEnv(destination, lead, context, secrets);

  const skip = await skipReason(env);
  if (skip !== undefined) return { kind: 'skip', reason: skip };

  const headers: Record<string, string> = {};
  let body: string | undefined;
  const query: [string, string][] = [];
  const hasBody = destination.method !== 'GET' && destination.method !== 'DELETE';

  if (hasBody) {
    const rendered = await renderBody(destination.body, env);
    body = rendered.body;
    headers['Content-Type'] = rendered.contentType;
    if (destination.compress === 'gzip') headers['Content-Encoding'] = 'gzip';
  } else if (destination.body) {
    // The guide's GET: the mapped fields travel as query parameters.
    const b = destination.body;
    if (b.format !== 'json' && b.format !== 'form') {
      throw new RenderError(`A ${destination.method} request has no body, so body format ${b.format} cannot be sent. Use format json or form (sent as query parameters), or method POST.`, 'BODY_NOT_ALLOWED');
    }
    query.push(...(await queryPairs(b.mapping, env, b.on_missing, b.format === 'form' ? b : { nesting: 'brackets', arrays: 'repeat' })));
  }
  if (destination.query) query.push(...(await queryPairs(destination.query.mapping, env, destination.query.on_missing, destination.query)));
  headers['Idempotency-Key'] = context.deliveryId;
  headers['User-Agent'] = LEADWIRE_USER_AGENT;

  const targets = (await resolveTargets(env)).map((u) => appendQuery(u, query));
  const auth = staticAuth(destination.auth, targets[0]!, secrets);
  const endpoints = targets.map((u) => staticAuth(destination.auth, u, secrets).url);
  setHeaders(headers, auth.headers);
  // User headers override defaults, whatever their case.
  setHeaders(headers, Object.fromEntries(Object.entries(destination.headers).map(([n, v]) => [n, substituteSecrets(v, secrets)])));
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(value)) {
      throw new RenderError(`The value of header ${name} contains a line break once its secrets are filled in. Remove the CR or LF from the secret.`, 'HEADER_INVALID');
    }
  }

  const request: RenderedRequest = { method: destination.method, url: endpoints[0]!, headers, ...(body === undefined ? {} : { body }) };
  return { kind: 'request', request, ...(endpoints.length > 1 ? { endpoints } : {}) };
}
