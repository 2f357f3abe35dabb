import type { SendPlan } from '../contract/delivery-plan.js';
import type { OAuth2AuthPlan } from '../contract/request-plan.js';
import { credentialHeaderNames, credentialParamNames } from '../core/auth/credential-names.js';
import { tokenCacheKey, type TokenCache, type AccessToken } from '../core/auth/token-cache.js';
import { sendSettings, type SendSettings } from '../core/delivery/fail-closed-defaults.js';
import type { SendResult } from '../core/delivery/send-result.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { endpointOrder } from '../core/render/endpoint-order.js';
import { prepareWireRequest } from '../core/render/prepare-wire-request.js';
import type { RenderedRequest, RenderOutcome } from '../core/render/rendered-request.js';
import { assertCredentialHosts, redirectRefusal, type CredentialSource } from '../core/secrets/credential-scope.js';
import { assertSameHosts, outcomeUrls, urlHost } from '../core/secrets/request-hosts.js';
import { maskingSecretResolver, substituteSecrets, type SecretResolver } from '../core/secrets/secret-refs.js';
import type { ScopedSecretResolver, SecretStore } from '../core/secrets/secret-store.js';
import type { ClientCredentials } from '../http/fetch-oauth-token.js';
import type { HttpSender } from '../http/send-http-request.js';
import type { PemSource, RequestTls } from '../http/tls-material.js';

/**
 * The destination's TLS settings for one request: secret references resolved now (key
 * material exists only in this activity), file paths left for the sender to read.
 */
function requestTls(destination: Pick<SendPlan, 'tls'>, validate: boolean, secrets: SecretResolver): RequestTls | undefined {
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

interface RequestSenderDeps {
  http: HttpSender;
  /** The worker's secrets: each request gets a resolver granted for its destination and hosts. */
  secrets: SecretStore;
  /** The activity's clock: signatures carry the time of each attempt. */
  clock: () => Date;
  tokens: TokenCache;
  fetchToken: (credentials: ClientCredentials, timeoutMs: number) => Promise<AccessToken>;
  /** Which endpoint to start with: a round-robin counter per destination, or a random number. */
  pickEndpoint: (destination: string, strategy: SendPlan['endpoint_strategy']) => number;
}

/** One request to send: the masked render shown in records, and how to render it with the real secrets. */
interface SendRenderedInput {
  /** The send step's part of the delivery plan. */
  plan: SendPlan;
  /** The request with secrets masked: what records show, and whose hosts the secrets are granted for. */
  shown: RenderOutcome;
  /** Renders the same request with these secrets; called once, with a resolver scoped to `shown`'s hosts. */
  render: (secrets: SecretResolver) => Promise<RenderOutcome>;
  /** Signs and tags the request (Standard Webhooks' `webhook-id`). */
  deliveryId: string;
}

/**
 * Resolves a request's secrets and renders it for real. The masked render comes first: its
 * hosts are where the secrets may go, so each secret is checked against its grant for this
 * destination and every endpoint before its value is read, and the real render must go to
 * the same hosts.
 */
async function renderWithSecrets(store: SecretStore, input: SendRenderedInput): Promise<{ real: RenderOutcome; secrets: ScopedSecretResolver }> {
  const shownUrls = outcomeUrls(input.shown);
  const secrets = store.resolverFor({ destination: input.plan.name, hosts: shownUrls.map(urlHost), target: 'url' });
  const real = await input.render(secrets);
  assertSameHosts(shownUrls, outcomeUrls(real), 'URL');
  return { real, secrets };
}

/** An OAuth2 grant with its secrets resolved, and the resolver that gave them out (its scope is the token's). */
interface TokenGrantFor {
  credentials: ClientCredentials;
  secrets: ScopedSecretResolver;
}

/** What every attempt of one request shares. */
interface RequestContext {
  settings: SendSettings;
  /** Resolves and signs the request: its secrets, signatures and hashes. */
  secrets: ScopedSecretResolver;
  /** Every credential the request carries, with the secrets it is made from: where it may go. */
  credentials: readonly CredentialSource[];
  token?: TokenGrantFor;
}

/** A render that goes out as a request (not a skip). */
type RequestOutcome = Extract<RenderOutcome, { kind: 'request' }>;

/**
 * Sends a rendered request: picks the endpoint (failing over on a refused connection),
 * fetches or refreshes an OAuth2 token, signs and compresses the exact wire bytes. Shared
 * by single and batch deliveries. HTTP and network failures are results, not throws.
 */
export function createRequestSender(deps: RequestSenderDeps) {
  return async function sendRendered(input: SendRenderedInput): Promise<SendResult> {
    const { plan: destination, shown } = input;
    if (shown.kind !== 'request') throw new LeadwireError('INTERNAL', `sendRendered was called for delivery ${input.deliveryId}, which renders to a skip: nothing was sent. This is a bug in leadwire; report it with this message.`, { retryable: true });
    const { real, secrets } = await renderWithSecrets(deps.secrets, input);
    if (real.kind !== 'request') {
      throw new LeadwireError(
        'RENDER_CHANGED_WITH_SECRETS',
        `The lead renders to a request with its secrets masked, but to a skip once they are filled in: a skip rule of ${destination.name} reads a secret's value. Nothing was sent. Make the skip rules independent of secrets, then retry the delivery.`,
      );
    }
    const shownUrls = shown.endpoints ?? [shown.request.url];
    const context = requestContext(deps.secrets, destination, secrets, shownUrls);
    return sendWithFailover(deps, input, real, shownUrls, context);
  };
}

/**
 * What every attempt of the request shares: its settings, its secrets and, for OAuth2, the
 * token grant. Checks, before anything is sent, that every credential may go to every URL.
 */
function requestContext(store: SecretStore, destination: SendPlan, secrets: ScopedSecretResolver, shownUrls: readonly string[]): RequestContext {
  const settings = sendSettings(destination);
  const oauth = destination.auth?.type === 'oauth2_client_credentials' ? destination.auth : undefined;
  // Granted before the cached token is looked up: a destination without the grant never gets a token fetched with it.
  const token = oauth ? tokenGrant(store, oauth, destination.name, settings) : undefined;
  const credentials: CredentialSource[] = [{ kind: 'request', secrets }, ...(token ? [{ kind: 'oauth2-token' as const, secrets: token.secrets }] : [])];
  // A token, signature or hash goes only where every secret it is made from may go: checked for
  // every URL the request may fail over to, before anything is sent (the token request included).
  assertCredentialHosts(credentials, shownUrls);
  return { settings, secrets, credentials, ...(token ? { token } : {}) };
}

/** Tries the endpoints in the strategy's order, going on to the next only when the request never reached one. */
async function sendWithFailover(deps: RequestSenderDeps, input: SendRenderedInput, real: RequestOutcome, shownUrls: readonly string[], context: RequestContext): Promise<SendResult> {
  const { plan: destination } = input;
  const urls = real.endpoints ?? [real.request.url];
  const strategy = destination.endpoint_strategy;
  const order = endpointOrder(urls.length, strategy, urls.length > 1 ? deps.pickEndpoint(destination.name, strategy) : 0);
  const failedOver: string[] = [];
  for (const [n, i] of order.entries()) {
    const result = await sendOnce(deps, { ...real.request, url: urls[i]! }, shownUrls[i]!, input, context);
    const endpoint = urls.length > 1 ? { endpoint: `${i + 1} of ${urls.length} (${strategy})${failedOver.length ? `, after ${failedOver.join(', ')}` : ''}` } : {};
    if (result.kind === 'network-error' && FAILOVER_CODES.has(result.code) && n < order.length - 1) {
      failedOver.push(`${i + 1} failed with ${result.code}`);
      continue;
    }
    return { ...result, ...endpoint };
  }
  throw new LeadwireError('INTERNAL', `No endpoint of ${destination.name} was tried: nothing was sent. This is a bug in leadwire; report it with this message.`, { retryable: true });
}

/** Sends to one endpoint; with OAuth2, with the cached or a fresh token, and once more with a new one after a 401. */
async function sendOnce(deps: RequestSenderDeps, request: RenderedRequest, displayUrl: string, input: SendRenderedInput, context: RequestContext): Promise<SendResult> {
  const { plan: destination } = input;
  const { settings, secrets, credentials: carried, token: grant } = context;
  const tls = requestTls(destination, settings.validateSsl, secrets);
  const send = async (accessToken?: string) => {
    const wire = prepareWireRequest(request, { compress: destination.compress, auth: destination.auth }, secrets, {
      now: deps.clock(),
      deliveryId: input.deliveryId,
      ...(accessToken === undefined ? {} : { accessToken }),
    });
    return deps.http(wire, {
      timeoutMs: settings.timeoutMs,
      displayUrl,
      followRedirects: settings.followRedirects,
      maxResponseBytes: settings.maxResponseBytes,
      keepBodyBytes: settings.keepBodyBytes,
      allowInsecureHttp: settings.allowInsecureHttp,
      ...(tls ? { tls } : {}),
      credentialHeaders: credentialHeaderNames(destination),
      credentialParams: credentialParamNames(destination),
      // A host-scoped secret, and a token, signature or hash made from one, does not follow a redirect to a host it is not granted for.
      redirectRefusal: (url: URL) => redirectRefusal(carried, url),
    });
  };
  if (!grant) return send();

  const { credentials } = grant;
  const key = tokenCacheKey(destination.name, credentials);
  const token = await accessToken(deps, credentials, key, settings.timeoutMs, displayUrl);
  if (typeof token !== 'string') return token;
  const first = await send(token);
  if (first.kind !== 'response' || first.response.status !== 401) return first;
  // A 401 means the token was revoked or expired early: fetch a new one and try once more.
  deps.tokens.invalidate(key, token);
  const fresh = await accessToken(deps, credentials, key, settings.timeoutMs, displayUrl);
  if (typeof fresh !== 'string') return fresh;
  const second = await send(fresh);
  return second.kind === 'response' && second.response.status === 401 ? { ...second, freshTokenRefused: true } : second;
}

/**
 * The OAuth2 grant's fields with their secrets, granted for the token_url's host (where
 * they are sent), not the API's: rendered masked first to know that host. The resolver
 * comes back too: the token is made from its secrets, so it may go only where they may.
 */
function tokenGrant(store: SecretStore, oauth: OAuth2AuthPlan, destination: string, settings: SendSettings): TokenGrantFor {
  const shownUrl = substituteSecrets(oauth.token_url, maskingSecretResolver);
  const secrets = store.resolverFor({ destination, hosts: [urlHost(shownUrl)], target: 'token_url' });
  const s = (t: string) => substituteSecrets(t, secrets);
  const tokenUrl = s(oauth.token_url);
  assertSameHosts([shownUrl], [tokenUrl], 'OAuth2 token_url');
  const credentials: ClientCredentials = {
    tokenUrl,
    displayUrl: shownUrl,
    clientId: s(oauth.client_id),
    clientSecret: s(oauth.client_secret),
    ...(oauth.scope ? { scope: s(oauth.scope) } : {}),
    ...(oauth.audience ? { audience: s(oauth.audience) } : {}),
    clientAuth: oauth.client_auth,
    allowInsecureHttp: settings.allowInsecureHttp,
  };
  return { credentials, secrets };
}

/** The cached or fresh token; a token endpoint that is down becomes a retryable network-error result. */
async function accessToken(deps: RequestSenderDeps, credentials: ClientCredentials, key: string, timeoutMs: number, displayUrl: string): Promise<string | SendResult> {
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
