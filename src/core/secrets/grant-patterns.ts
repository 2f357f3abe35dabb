import { destinationSlug } from '../delivery/delivery-id.js';

/**
 * The patterns a secrets file grants with: destination names or slugs, and host names, where
 * `*` is a wildcard. In a destination pattern `*` matches any run of characters
 * (`acme-*`); in a host pattern it matches within one DNS label, as in a TLS certificate
 * (`*.acme.com` matches `api.acme.com`, not `acme.com` nor `a.b.acme.com`).
 */

function globRegExp(pattern: string, star: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(star);
  return new RegExp(`^${body}$`);
}

/** Whether a destination matches a pattern: by its slug (`acme-crm`, as in delivery ids) or its exact name. */
export function destinationMatches(pattern: string, destinationName: string): boolean {
  const re = globRegExp(pattern, '.*');
  return re.test(destinationSlug(destinationName)) || re.test(destinationName);
}

/** A host as it is compared: lower case, IDN in punycode, no IPv6 brackets, no trailing dot. */
export function normalizeHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/**
 * A host pattern from the secrets file, normalised as URLs normalise hosts (`API.Acme.com`
 * -> `api.acme.com`, `127.1` -> `127.0.0.1`, IDN -> punycode), or a reason it is not one.
 */
export function parseHostPattern(pattern: string): { host: string } | { problem: string } {
  const trimmed = pattern.trim();
  if (trimmed === '' || /[/?#@\s\\]/.test(trimmed)) return { problem: `expected a host name such as api.acme.com or *.acme.com, without scheme, port or path; got ${JSON.stringify(pattern)}` };
  const bracketed = trimmed.includes(':') && !trimmed.startsWith('[') ? `[${trimmed}]` : trimmed;
  let url: URL;
  try {
    url = new URL(`http://${bracketed}`);
  } catch {
    return { problem: `${JSON.stringify(pattern)} is not a host name` };
  }
  if (url.port !== '') return { problem: `a host pattern has no port (secrets are granted per host, any port); got ${JSON.stringify(pattern)}` };
  return { host: normalizeHost(url.hostname) };
}

/** Whether a (normalised) host matches a (normalised) host pattern. */
export function hostMatches(pattern: string, host: string): boolean {
  return globRegExp(pattern, '[^.]+').test(host);
}
