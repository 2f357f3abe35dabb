import type { CredentialSources } from '../../contract/delivery-plan.js';
import type { MappingValue } from '../../contract/mapping-value.js';
import { formPairs } from '../render/encode-form.js';
import { expandKeyPaths, isPlainMappingObject } from '../render/key-paths.js';
import { secretNames } from '../secrets/secret-refs.js';


const hasSecret = (value: unknown): boolean => secretNames(typeof value === 'string' ? value : (JSON.stringify(value) ?? '')).length > 0;

/**
 * Every header a destination's request carries a credential in, whatever its name: the ones
 * its auth sets (an api_key's own header such as `Ocp-Apim-Subscription-Key`, HMAC and Standard
 * Webhooks headers, `Authorization`) and every configured header whose value holds a
 * `${SECRET}`. They are dropped when a redirect leaves the origin.
 */
export function credentialHeaderNames(destination: CredentialSources): string[] {
  const names: string[] = [];
  const { auth } = destination;
  switch (auth?.type) {
    case 'basic':
    case 'bearer':
    case 'oauth2_client_credentials':
      names.push('Authorization');
      break;
    case 'api_key':
      if (auth.header) names.push(auth.header);
      break;
    case 'hmac':
      names.push(auth.signature_header, auth.timestamp_header);
      break;
    case 'standard_webhooks':
      names.push('webhook-id', 'webhook-timestamp', 'webhook-signature');
      break;
    case undefined:
      break;
  }
  for (const [name, value] of Object.entries(destination.headers ?? {})) if (hasSecret(value)) names.push(name);
  return names;
}

/** Query parameter names of a URL template whose values hold a `${SECRET}`. */
function secretParams(template: string): string[] {
  const q = template.indexOf('?');
  if (q < 0) return [];
  return template
    .slice(q + 1)
    .split('#')[0]!
    .split('&')
    .filter((pair) => hasSecret(pair.slice(pair.indexOf('=') + 1)) && pair.includes('='))
    .map((pair) => {
      const raw = pair.slice(0, pair.indexOf('='));
      try {
        return decodeURIComponent(raw.replace(/\+/g, ' '));
      } catch {
        return raw;
      }
    });
}

/**
 * Query parameters a destination puts a credential in besides the usual names (`api_key`,
 * `token`, ...): the api_key auth's own parameter (`in: query`, e.g. `k`), and any parameter of
 * a URL template or query mapping whose value holds a `${SECRET}`. They are redacted wherever a
 * URL is shown, also when a server echoes them back (a redirect's Location).
 */
export function credentialParamNames(destination: CredentialSources): string[] {
  const names: string[] = [];
  if (destination.auth?.type === 'api_key' && destination.auth.query) names.push(destination.auth.query);
  const templates = [destination.url, ...(destination.endpoints ?? []), ...(destination.routes ?? []).map((r) => r.url)];
  for (const t of templates) if (t) names.push(...secretParams(t));
  if (destination.query) names.push(...secretQueryNames(destination.query));
  return names;
}

const SECRET_MARK = '\u0000secret';

/**
 * The parameter names a query mapping fills from a `${SECRET}`, as they are sent: a dotted or
 * nested key becomes `a[b]` or `a.b` (`nesting`), a list `k`, `k[]` or `k[0]` (`arrays`).
 */
function secretQueryNames(query: NonNullable<CredentialSources['query']>): string[] {
  const skeleton = (value: MappingValue): unknown => {
    if (Array.isArray(value)) return value.map(skeleton);
    if (!isPlainMappingObject(value)) return hasSecret(value) ? SECRET_MARK : '';
    const expanded = expandKeyPaths(value);
    const spec = 'value' in expanded ? expanded.value : value;
    if (Array.isArray(spec)) return spec.map(skeleton);
    return Object.fromEntries(Object.entries(spec as Record<string, MappingValue>).map(([k, v]) => [k, skeleton(v)]));
  };
  const shape = skeleton(query.mapping);
  if (shape === null || typeof shape !== 'object' || Array.isArray(shape)) return [];
  const encoding = { nesting: query.nesting ?? 'brackets', arrays: query.arrays ?? 'repeat' };
  return formPairs(shape as Record<string, unknown>, encoding)
    .filter(([, v]) => v.includes(SECRET_MARK))
    .map(([name]) => name);
}
