import type { AuthPlan } from '../../contract/request-plan.js';
import { secretNames } from './secret-refs.js';

/** The OAuth2 fields sent to the token_url (granted for its host), not to the API. */
const TOKEN_FIELDS = ['token_url', 'client_id', 'client_secret', 'scope', 'audience'] as const;

/**
 * The secret names a destination references, by where their values are sent: with the
 * request (URL, headers, body, query, auth, TLS), or to the OAuth2 token_url. Names only;
 * `$value` constants are sent as written, so their text is not a reference.
 */
export function referencedSecrets(destination: { auth?: AuthPlan }): { request: string[]; tokenUrl: string[] } {
  const request = new Set<string>();
  const tokenUrl = new Set<string>();
  const walk = (value: unknown, into: Set<string>): void => {
    if (typeof value === 'string') for (const name of secretNames(value)) into.add(name);
    else if (Array.isArray(value)) for (const v of value) walk(v, into);
    else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) if (key !== '$value') walk(v, into);
    }
  };
  const { auth, ...rest } = destination;
  walk(rest, request);
  if (auth?.type === 'oauth2_client_credentials') {
    for (const field of TOKEN_FIELDS) walk(auth[field], tokenUrl);
  } else {
    walk(auth, request);
  }
  return { request: [...request].sort(), tokenUrl: [...tokenUrl].sort() };
}
