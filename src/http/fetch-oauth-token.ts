import got, { type Agents } from 'got';
import { createAddressPolicy } from '../core/network/address-policy.js';
import { redactUrl } from '../core/redact/redact-url.js';
import { createGuardedAgents } from './guarded-agents.js';
import { tokenExpiresAt, type AccessToken } from '../core/auth/token-cache.js';
import { describeNetworkError } from '../core/delivery/network-errors.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  audience?: string;
  clientAuth: 'basic' | 'body';
}

let strictAgents: Agents | undefined;

/**
 * Fetches an access token with the client credentials grant (RFC 6749 section 4.4).
 * Errors never carry the client secret or the token. A refused grant (4xx) is permanent;
 * a network failure or 5xx may pass. `agents` are the worker's SSRF-guarded agents (its allow-list applies to token
 * endpoints too); without them, agents that block every special-purpose range.
 */
export async function fetchOAuthToken(c: ClientCredentials, timeoutMs: number, now: () => number = Date.now, agents?: Agents): Promise<AccessToken> {
  const agent = agents ?? (strictAgents ??= createGuardedAgents(createAddressPolicy()));
  const form: Record<string, string> = { grant_type: 'client_credentials' };
  if (c.scope) form.scope = c.scope;
  if (c.audience) form.audience = c.audience;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (c.clientAuth === 'basic') {
    // RFC 6749 section 2.3.1: id and secret are form-encoded before base64.
    const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
    headers.authorization = `Basic ${Buffer.from(`${enc(c.clientId)}:${enc(c.clientSecret)}`).toString('base64')}`;
  } else {
    form.client_id = c.clientId;
    form.client_secret = c.clientSecret;
  }
  const where = redactUrl(new URL(c.tokenUrl).origin + new URL(c.tokenUrl).pathname);
  let response;
  try {
    response = await got.post(c.tokenUrl, { form, headers, timeout: { request: timeoutMs }, retry: { limit: 0 }, throwHttpErrors: false, followRedirect: false, responseType: 'text', agent, maxHeaderSize: 16 * 1024 });
  } catch (err) {
    const info = describeNetworkError((err as { code?: string }).code, timeoutMs, err as Error);
    if (info.code === 'ADDRESS_BLOCKED') throw new LeadwireError('ADDRESS_BLOCKED', `The OAuth2 token endpoint ${where} was not contacted. ${info.message}`);
    throw new LeadwireError('OAUTH_TOKEN_UNAVAILABLE', `The OAuth2 token endpoint ${where} could not be reached: ${info.message}`, { retryable: true });
  }
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
