import got, { type Agents, type Response } from 'got';
import { LEADWIRE_USER_AGENT } from '../core/render/user-agent.js';
import { createAddressPolicy } from '../core/network/address-policy.js';
import { redactUrl } from '../core/redact/redact-url.js';
import { downloadCapped, type DownloadCap } from './capped-download.js';
import { createGuardedAgents } from './guarded-agents.js';
import { tokenExpiresAt, type AccessToken, type TokenGrant } from '../core/auth/token-cache.js';
import { describeNetworkError } from '../core/delivery/network-errors.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';

export interface ClientCredentials extends TokenGrant {
  /**
   * The token URL as it may be shown: built from the unresolved `token_url`, secrets masked
   * (`***NAME***`). Every message names the endpoint by it, never by the resolved `tokenUrl`.
   * Only a URL without secrets may leave it out (then `tokenUrl` is shown, redacted).
   */
  displayUrl?: string;
  /** The destination's `allow_insecure_http`: a plain `http://` token_url is refused without it (absent: refused). */
  allowInsecureHttp?: boolean;
}

/** Largest token response read, in bytes once decompressed: a token answer is a small JSON object. */
const TOKEN_RESPONSE_MAX_BYTES = 256 * 1024;

let strictAgents: Agents | undefined;

/** The endpoint as messages name it: origin and path of the masked URL, no query, no user-info. */
function shownEndpoint(displayUrl: string): string {
  return redactUrl(displayUrl.replace(/[?#].*$/s, ''));
}

/**
 * Fetches an access token with the client credentials grant (RFC 6749 section 4.4).
 * Errors never carry the client secret, the token or the resolved token URL. A refused grant
 * (4xx) is permanent; a network failure or 5xx may pass. `agents` are the worker's SSRF-guarded
 * agents, or its egress proxy's, which check the target too (its allow-list applies to token
 * endpoints as to deliveries); without them, agents that block every special-purpose range.
 */
export async function fetchOAuthToken(c: ClientCredentials, timeoutMs: number, now: () => number = Date.now, agents?: Agents): Promise<AccessToken> {
  const agent = agents ?? (strictAgents ??= createGuardedAgents(createAddressPolicy()));
  const displayUrl = c.displayUrl ?? c.tokenUrl;
  const where = shownEndpoint(displayUrl);
  checkTokenUrl(c, where);
  const response = await postTokenRequest(c, timeoutMs, agent, displayUrl);
  return readTokenResponse(response, where, now);
}

/** Refuses a token_url that is not a URL once its secrets are filled in, or is plain http:// without `allow_insecure_http`. */
function checkTokenUrl(c: ClientCredentials, where: string): void {
  if (!URL.canParse(c.tokenUrl)) {
    throw new LeadwireError('OAUTH_TOKEN_URL_INVALID', `The OAuth2 token_url ${where} is not a valid URL once its secrets are filled in. Check the template and the secrets it uses.`);
  }
  if (c.allowInsecureHttp !== true && new URL(c.tokenUrl).protocol === 'http:') {
    throw new LeadwireError(
      'INSECURE_HTTP',
      `Refused to send the OAuth2 client credentials to ${where} over plain http://: the destination does not set \`allow_insecure_http: true\`. Use an https:// token_url.`,
    );
  }
}

/** The grant's form and headers: the client authenticates with HTTP Basic or in the form, as `clientAuth` says. */
function tokenRequest(c: ClientCredentials): { form: Record<string, string>; headers: Record<string, string> } {
  const form: Record<string, string> = { grant_type: 'client_credentials' };
  if (c.scope) form.scope = c.scope;
  if (c.audience) form.audience = c.audience;
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': LEADWIRE_USER_AGENT };
  if (c.clientAuth === 'basic') {
    // RFC 6749 section 2.3.1: id and secret are form-encoded before base64.
    const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
    headers.authorization = `Basic ${Buffer.from(`${enc(c.clientId)}:${enc(c.clientSecret)}`).toString('base64')}`;
  } else {
    form.client_id = c.clientId;
    form.client_secret = c.clientSecret;
  }
  return { form, headers };
}

/** Posts the grant (no retry, no redirect, the answer capped); a failure to get any answer becomes a LeadwireError. */
async function postTokenRequest(c: ClientCredentials, timeoutMs: number, agent: Agents, displayUrl: string): Promise<Response<string>> {
  const { form, headers } = tokenRequest(c);
  const cap: DownloadCap = { exceeded: false };
  try {
    const pending = got.post(c.tokenUrl, {
      form,
      headers,
      timeout: { request: timeoutMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'text',
      agent,
      maxHeaderSize: 16 * 1024,
    });
    return await downloadCapped(pending, TOKEN_RESPONSE_MAX_BYTES, cap);
  } catch (err) {
    throw tokenRequestError(err, cap.exceeded, c.tokenUrl, displayUrl, timeoutMs);
  }
}

/** Why the token endpoint gave no answer, naming it only by its masked URL. */
function tokenRequestError(err: unknown, tooLarge: boolean, tokenUrl: string, displayUrl: string, timeoutMs: number): LeadwireError {
  const where = shownEndpoint(displayUrl);
  if (tooLarge) {
    return new LeadwireError(
      'OAUTH_TOKEN_TOO_LARGE',
      `The OAuth2 token endpoint ${where} answered with more than ${TOKEN_RESPONSE_MAX_BYTES} bytes (once decompressed), so the answer was not read. A token response is a small JSON object: check that token_url is the token endpoint.`,
    );
  }
  const info = describeNetworkError((err as { code?: string }).code, timeoutMs, err as Error);
  if (info.code === 'ADDRESS_BLOCKED') {
    // The guard names the host it refused: say it as the masked URL does, in case a secret is part of the name.
    const message = info.message.split(new URL(tokenUrl).hostname.replace(/^\[|\]$/g, '')).join(shownHost(displayUrl));
    return new LeadwireError('ADDRESS_BLOCKED', `The OAuth2 token endpoint ${where} was not contacted. ${message}`);
  }
  return new LeadwireError('OAUTH_TOKEN_UNAVAILABLE', `The OAuth2 token endpoint ${where} could not be reached: ${info.message}`, { retryable: true });
}

/** The token and when it expires, from the endpoint's answer; a 4xx is a refused grant, any other answer without a token may pass. */
function readTokenResponse(response: Response<string>, where: string, now: () => number): AccessToken {
  if (response.statusCode >= 400 && response.statusCode < 500) {
    throw new LeadwireError(
      'OAUTH_TOKEN_REFUSED',
      `The OAuth2 token endpoint ${where} refused the client credentials with HTTP ${response.statusCode}. Check client_id, client_secret and scope.`,
    );
  }
  let parsed: { access_token?: unknown; expires_in?: unknown } | undefined;
  try {
    parsed = JSON.parse(response.body) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  if (response.statusCode >= 300 || typeof parsed?.access_token !== 'string' || parsed.access_token === '') {
    throw new LeadwireError('OAUTH_TOKEN_UNAVAILABLE', `The OAuth2 token endpoint ${where} answered HTTP ${response.statusCode} without an access_token.`, { retryable: true });
  }
  const expiresIn = typeof parsed.expires_in === 'number' ? parsed.expires_in : typeof parsed.expires_in === 'string' ? Number(parsed.expires_in) : undefined;
  return { token: parsed.access_token, expiresAt: tokenExpiresAt(now(), expiresIn) };
}

/** The host part of the masked token URL (an IPv6 literal without its brackets, as the guard names it). */
function shownHost(displayUrl: string): string {
  const authority = displayUrl.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#]/)[0]!.replace(/^.*@/, '');
  return authority.startsWith('[') ? authority.slice(1, authority.indexOf(']')) : authority.replace(/:\d*$/, '');
}
