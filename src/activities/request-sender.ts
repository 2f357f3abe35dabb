import type { OAuth2Auth } from '../config/auth-schema.js';
import type { Destination } from '../config/destination-schema.js';
import { credentialHeaderNames, credentialParamNames } from '../core/auth/credential-names.js';
import { tokenCacheKey, type TokenCache, type AccessToken } from '../core/auth/token-cache.js';
import type { SendResult } from '../core/delivery/send-result.js';
import { responseLimitsFor } from '../core/response/response-limits.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { endpointOrder } from '../core/render/endpoint-order.js';
import { prepareWireRequest } from '../core/render/prepare-wire-request.js';
import type { RenderedRequest, RenderOutcome } from '../core/render/rendered-request.js';
import { maskingSecretResolver, substituteSecrets, type SecretResolver } from '../core/secrets/secret-refs.js';
import type { ClientCredentials } from '../http/fetch-oauth-token.js';
import type { HttpSender } from '../http/send-http-request.js';
import type { PemSource, RequestTls } from '../http/tls-material.js';

/**
 * The destination's TLS settings for one request: secret references resolved now (key
 * material exists only in this activity), file paths left for the sender to read.
 */
function requestTls(destination: Destination, secrets: SecretResolver): RequestTls | undefined {
  const validate = destination.validate_ssl ?? true;
  const { tls } = destination;
  if (validate && !tls) return undefined;
  const source = (value: string | undefined): PemSource | undefined =>
    value === undefined ? undefined : value.startsWith('${') ? { pem: substituteSecrets(value, secrets) } : { file: value };
  const ca = source(tls?.ca);
  const cert = source(tls?.cert);
  const key = source(tls?.key);
  return { validate, ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}

/** Network failures after which the next endpoint is tried: the request never reached the first. */
const FAILOVER_CODES = new Set(['CONNECTION_REFUSED', 'DNS_FAILURE', 'HOST_UNREACHABLE']);

export interface RequestSenderDeps {
  http: HttpSender;
  secrets: SecretResolver;
  /** The activity's clock: signatures carry the time of each attempt. */
  clock: () => Date;
  tokens: TokenCache;
  fetchToken: (credentials: ClientCredentials, timeoutMs: number) => Promise<AccessToken>;
  /** Which endpoint to start with: a round-robin counter per destination, or a random number. */
  pickEndpoint: (destination: string, strategy: Destination['endpoint_strategy']) => number;
}

/** One request to send: the real render (secrets filled in) and the masked one shown in records. */
export interface SendRenderedInput {
  destination: Destination;
  real: RenderOutcome;
  shown: RenderOutcome;
  /** Signs and tags the request (Standard Webhooks' `webhook-id`). */
  deliveryId: string;
}

/**
 * Sends a rendered request: picks the endpoint (failing over on a refused connection),
 * fetches or refreshes an OAuth2 token, signs and compresses the exact wire bytes. Shared
 * by single and batch deliveries. HTTP and network failures are results, not throws.
 */
export function createRequestSender(deps: RequestSenderDeps) {
  return async function sendRendered(input: SendRenderedInput): Promise<SendResult> {
    const { destination, real, shown } = input;
    if (real.kind !== 'request' || shown.kind !== 'request') throw new Error('sendRendered called for a lead that renders to a skip');
    const urls = real.endpoints ?? [real.request.url];
    const shownUrls = shown.endpoints ?? [shown.request.url];
    // Configs recorded before these options existed have no strategy: round robin.
    const strategy = destination.endpoint_strategy ?? 'round_robin';
    const order = endpointOrder(urls.length, strategy, urls.length > 1 ? deps.pickEndpoint(destination.name, strategy) : 0);
    const failedOver: string[] = [];
    for (const [n, i] of order.entries()) {
      const result = await sendOnce({ ...real.request, url: urls[i]! }, shownUrls[i]!, input);
      const endpoint = urls.length > 1 ? { endpoint: `${i + 1} of ${urls.length} (${strategy})${failedOver.length ? `, after ${failedOver.join(', ')}` : ''}` } : {};
      if (result.kind === 'network-error' && FAILOVER_CODES.has(result.code) && n < order.length - 1) {
        failedOver.push(`${i + 1} failed with ${result.code}`);
        continue;
      }
      return { ...result, ...endpoint };
    }
    throw new Error('unreachable: no endpoint was tried');
  };

  async function sendOnce(request: RenderedRequest, displayUrl: string, input: SendRenderedInput): Promise<SendResult> {
    const { destination } = input;
    const oauth = destination.auth?.type === 'oauth2_client_credentials' ? destination.auth : undefined;
    const tls = requestTls(destination, deps.secrets);
    const send = async (accessToken?: string) => {
      const wire = prepareWireRequest(request, { compress: destination.compress ?? 'none', auth: destination.auth }, deps.secrets, {
        now: deps.clock(),
        deliveryId: input.deliveryId,
        ...(accessToken === undefined ? {} : { accessToken }),
      });
      return deps.http(wire, {
        timeoutMs: destination.timeout,
        displayUrl,
        credentialHeaders: credentialHeaderNames(destination),
        credentialParams: credentialParamNames(destination),
        ...responseLimitsFor(destination),
        // Configs recorded before these options existed were validated without them: keep their behaviour.
        allowInsecureHttp: destination.allow_insecure_http ?? true,
        ...(tls ? { tls } : {}),
      });
    };
    if (!oauth) return send();

    const credentials = clientCredentials(oauth);
    const key = tokenCacheKey(destination.name, credentials);
    const token = await accessToken(credentials, key, destination.timeout, displayUrl);
    if (typeof token !== 'string') return token;
    const first = await send(token);
    if (first.kind !== 'response' || first.response.status !== 401) return first;
    // A 401 means the token was revoked or expired early: fetch a new one and try once more.
    deps.tokens.invalidate(key, token);
    const fresh = await accessToken(credentials, key, destination.timeout, displayUrl);
    return typeof fresh === 'string' ? send(fresh) : fresh;
  }

  /** The grant with its secrets resolved, and the token URL as it may be shown (secrets masked). */
  function clientCredentials(oauth: OAuth2Auth): ClientCredentials {
    const s = (t: string) => substituteSecrets(t, deps.secrets);
    return {
      tokenUrl: s(oauth.token_url),
      displayUrl: substituteSecrets(oauth.token_url, maskingSecretResolver),
      clientId: s(oauth.client_id),
      clientSecret: s(oauth.client_secret),
      ...(oauth.scope ? { scope: s(oauth.scope) } : {}),
      ...(oauth.audience ? { audience: s(oauth.audience) } : {}),
      clientAuth: oauth.client_auth,
    };
  }

  /** The cached or fresh token; a token endpoint that is down becomes a retryable network-error result. */
  async function accessToken(credentials: ClientCredentials, key: string, timeoutMs: number, displayUrl: string): Promise<string | SendResult> {
    const startedAt = deps.clock();
    try {
      return await deps.tokens.get(key, () => deps.fetchToken(credentials, timeoutMs));
    } catch (err) {
      if (err instanceof LeadwireError && err.retryable) {
        return { kind: 'network-error', url: displayUrl, startedAt: startedAt.toISOString(), durationMs: deps.clock().getTime() - startedAt.getTime(), code: err.code, message: err.message };
      }
      throw err;
    }
  }
}
