import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import { isValidApiKey, presentedKey } from './api-keys.js';

/** The routes anyone may call, as `METHOD /pattern` of the registered route (HEAD is Fastify's automatic one). */
const PUBLIC_ROUTES: ReadonlySet<string> = new Set(['GET /healthz', 'HEAD /healthz', 'GET /openapi.json']);

/** Why a request may not go on: no keys configured, or none of them presented. */
export function authRefusal(apiKeys: readonly string[], req: FastifyRequest): ApiError | undefined {
  if (apiKeys.length === 0) return new ApiError(401, 'AUTH_NOT_CONFIGURED', 'This API has no keys configured, so every request is refused. Set LEADWIRE_API_KEYS on the server.');
  if (!isValidApiKey(presentedKey(req.headers), apiKeys)) {
    return new ApiError(401, 'UNAUTHORIZED', 'Missing or invalid API key. Send `Authorization: Bearer <key>` or `X-API-Key: <key>` with one of the keys in LEADWIRE_API_KEYS.');
  }
  return undefined;
}

/**
 * Refuses every request without a valid key, but on the public routes. Authentication is
 * decided on the route the router matched, never on the raw request target: the router decodes
 * (`/%761/...`) and accepts absolute-form targets (`http://x/v1/...`), so a prefix check on
 * req.url let those through. Anything not on the public list needs a key, including paths no
 * route matches (a stranger learns nothing from a 404).
 */
export function requireApiKey(app: FastifyInstance, apiKeys: readonly string[]): void {
  app.addHook('onRequest', async (req) => {
    if (isPublicRoute(req)) return;
    const refusal = authRefusal(apiKeys, req);
    if (refusal) throw refusal;
  });
}

/** Whether the router matched a public route; `routeOptions.url` is undefined when nothing matched. */
function isPublicRoute(req: FastifyRequest): boolean {
  const route = req.routeOptions.url;
  return route !== undefined && PUBLIC_ROUTES.has(`${req.method} ${route}`);
}
