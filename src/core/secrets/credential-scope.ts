import { SecretNotGrantedError } from '../errors/secret-error.js';
import { urlHost } from './request-hosts.js';
import type { HostScope, ScopedSecretResolver } from './secret-store.js';

/**
 * Where the credentials of one request come from, each with the resolver that gave out its
 * secrets. A credential made from a secret is as secret as the secret itself, so it inherits
 * the secret's host scope:
 * - `request`: the secrets the request itself carries, and what is made from them as it is
 *   sent — HMAC and Standard Webhooks signatures, `$hash` values (one resolver renders and
 *   signs the request, see request-sender.ts);
 * - `oauth2-token`: the OAuth2 access token, obtained with the `token_url`'s secrets (client id
 *   and secret, scope, audience), and then sent to the API.
 */
export interface CredentialSource {
  kind: 'request' | 'oauth2-token';
  secrets: ScopedSecretResolver;
}

/** Why a credential may not go to a host: the source that carries it and the secret whose grant does not cover the host. */
interface CredentialRefusal {
  source: CredentialSource;
  scope: HostScope;
}

/**
 * The first credential of these sources that may not go to `host` (normalised; `undefined` for
 * a host built from a secret), or undefined when all may: a host must be granted by every
 * host-scoped secret behind every credential (the intersection of their `hosts:`). A secret
 * granted to any host (`LEADWIRE_SECRET_*`, a file entry without `hosts`) adds no limit.
 */
export function credentialRefusal(sources: readonly CredentialSource[], host: string | undefined): CredentialRefusal | undefined {
  for (const source of sources) {
    const scope = source.secrets.refusedFor(host);
    if (scope) return { source, scope };
  }
  return undefined;
}

/** What carries the refused secret, in words: names the secret, never its value. */
function carrier({ source, scope }: CredentialRefusal): string {
  return source.kind === 'oauth2-token'
    ? `the OAuth2 access token, which is obtained with secret ${scope.secret}`
    : `secret ${scope.secret} (or a signature or hash made from it)`;
}

const grant = ({ scope }: CredentialRefusal) => `granted only for ${scope.hosts.join(', ')} (${scope.grantedIn})`;

/**
 * Refuses a request that would carry a credential to a host outside its scope, before anything
 * is sent (the OAuth2 token request included). `shownUrls` are every URL the request may be
 * sent to (its endpoints, the sender may fail over to any of them), with secrets masked.
 * Throws SECRET_NOT_GRANTED, naming the secret, the host, and what to do; never a value.
 */
export function assertCredentialHosts(sources: readonly CredentialSource[], shownUrls: readonly string[]): void {
  for (const url of shownUrls) {
    const host = urlHost(url);
    const refusal = credentialRefusal(sources, host);
    if (!refusal) continue;
    const what = refusal.source.kind === 'oauth2-token' ? 'token' : 'secret';
    const to =
      host === undefined
        ? "this request's URL has a host built from a secret, which cannot be checked. Write the host in the URL."
        : `this request's URL goes to ${host}. Point the destination at a granted host, or add ${host} to that list if it may receive the ${what}.`;
    throw new SecretNotGrantedError(
      refusal.scope.secret,
      `Nothing was sent: the request would carry ${carrier(refusal)}, ${grant(refusal)}. A credential made from a secret may go only where the secret may, but ${to}`,
    );
  }
}

/** Why a redirect hop may not go to `url`, or undefined when every credential of the request may follow it there. */
export function redirectRefusal(sources: readonly CredentialSource[], url: URL): string | undefined {
  const host = urlHost(url.href);
  const refusal = credentialRefusal(sources, host);
  if (!refusal) return undefined;
  const shown = host ?? url.hostname;
  return `the request carries ${carrier(refusal)}, ${grant(refusal)}. Nothing was sent to ${shown}. Point \`url\` at the final address, or add ${shown} to that list if it may receive it.`;
}
