import { REDACTED } from './redact-headers.js';

/** Query parameters whose values are credentials (`?api_key=...`, `?access_token=...`). */
const SENSITIVE_PARAM = /^(api[-_]?key|apikey|key|token|access[-_]?token|refresh[-_]?token|id[-_]?token|secret|client[-_]?secret|password|passwd|pwd|signature|sig|auth|x-api-key)$/i;

export function isSensitiveParam(name: string): boolean {
  return SENSITIVE_PARAM.test(name);
}

/**
 * The URL as it may be shown in records, logs, errors and CLI output: credential query
 * parameters (`api_key`, `token`, `signature`, ...) and user-info replaced by `[redacted]`.
 * Works on the raw text, so the rest of the URL (and `***SECRET***` masks) stay as they were.
 */
export function redactUrl(url: string): string {
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
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: judge the raw name.
      }
      return eq >= 0 && isSensitiveParam(name) ? `${rawName}=${REDACTED}` : pair;
    })
    .join('&');
  out = `${out.slice(0, q + 1)}${query}${out.slice(end)}`;
  return out;
}
