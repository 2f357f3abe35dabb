import { REDACTED } from './redacted.js';
import { redactUrlsInText } from './redact-url.js';

export { REDACTED };

/** Header names whose values are credentials: never kept in records or logs. */
const SENSITIVE = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-access-token|x-signature|webhook-signature|x-hub-signature(-256)?)$/i;
const SENSITIVE_HINT = /(token|secret|password|passwd|api[-_]?key|signature|auth)/i;

export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE.test(name) || SENSITIVE_HINT.test(name);
}

/**
 * A copy of the headers with credential values replaced by `[redacted]`. In every other value,
 * URLs (`Location`, `Content-Location`, `Link`, `Refresh`, which a server may fill with the
 * request's own query string) lose their credential parameters, `extraParams` included.
 */
export function redactHeaders(headers: Record<string, string | string[] | undefined>, extraParams: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = isSensitiveHeader(name) ? REDACTED : redactUrlsInText(Array.isArray(value) ? value.join(', ') : value, extraParams);
  }
  return out;
}
