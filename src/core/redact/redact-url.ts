import { REDACTED } from './redacted.js';

/** Query parameters whose values are credentials (`?api_key=...`, `?access_token=...`). */
const SENSITIVE_PARAM = /^(api[-_]?key|apikey|key|token|access[-_]?token|refresh[-_]?token|id[-_]?token|secret|client[-_]?secret|password|passwd|pwd|signature|sig|auth|x-api-key)$/i;

/**
 * Whether a query parameter's value is a credential: a usual name, or one of `extra` (the
 * destination's own, see `credentialParamNames`), compared without case.
 */
export function isSensitiveParam(name: string, extra: readonly string[] = []): boolean {
  return SENSITIVE_PARAM.test(name) || extra.some((e) => e.toLowerCase() === name.toLowerCase());
}

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    // A malformed escape: judge the raw name.
    return raw;
  }
}

/**
 * The URL as it may be shown in records, logs, errors and CLI output: credential query
 * parameters (`api_key`, `token`, `signature`, ..., and the destination's own `extra` names)
 * and user-info replaced by `[redacted]`. Works on the raw text, so the rest of the URL (and
 * `***SECRET***` masks) stay as they were. A relative reference (`/leads/?api_key=...`) works too.
 */
export function redactUrl(url: string, extra: readonly string[] = []): string {
  let out = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/i, `$1${REDACTED}@`);
  const q = out.indexOf('?');
  if (q < 0) return out;
  const hash = out.indexOf('#', q);
  const end = hash < 0 ? out.length : hash;
  const query = out
    .slice(q + 1, end)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && isSensitiveParam(decodedName(rawName), extra) ? `${rawName}=${REDACTED}` : pair;
    })
    .join('&');
  out = `${out.slice(0, q + 1)}${query}${out.slice(end)}`;
  return out;
}

/**
 * Every URL inside a piece of text (a reason, a `Location`, `Link` or `Refresh` header, a
 * redirect page), absolute or relative, redacted by the rules of `redactUrl`: user-info, and
 * the values of credential query parameters wherever a `?name=` or `&name=` appears.
 */
export function redactUrlsInText(text: string, extra: readonly string[] = []): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s"'<>]*@/gi, `$1${REDACTED}@`)
    // A value ends at `;` or `,` too (where prose or a header list goes on): a secret is percent-encoded in a URL.
    .replace(/([?&](?:amp;)?)([^=&#\s"'<>?]+)=([^&#\s"'<>;,]*)/g, (whole, sep: string, rawName: string) =>
      isSensitiveParam(decodedName(rawName), extra) ? `${sep}${rawName}=${REDACTED}` : whole,
    );
}
