/** Header names whose values are credentials: never kept in records or logs. */
const SENSITIVE = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-access-token|x-signature|webhook-signature|x-hub-signature(-256)?)$/i;
const SENSITIVE_HINT = /(token|secret|password|passwd|api[-_]?key|signature|auth)/i;

export const REDACTED = '[redacted]';

export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE.test(name) || SENSITIVE_HINT.test(name);
}

/** A copy of the headers with credential values replaced by `[redacted]`. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = isSensitiveHeader(name) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
