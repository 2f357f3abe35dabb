import { createHash, timingSafeEqual } from 'node:crypto';

/** `LEADWIRE_API_KEYS="key1,key2"` (commas or whitespace between keys) -> the keys. */
export function parseApiKeys(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((k) => k.trim())
    .filter(Boolean);
}

/** The key a caller presented: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = one(headers.authorization);
  const bearer = auth ? /^Bearer\s+(.+)$/i.exec(auth.trim())?.[1] : undefined;
  return bearer ?? one(headers['x-api-key'])?.trim();
}

/**
 * Whether `presented` is one of `keys`, compared in constant time: both sides are hashed
 * to equal length first, and every key is compared, so timing reveals neither which key
 * matched nor how much of it.
 */
export function isValidApiKey(presented: string | undefined, keys: readonly string[]): boolean {
  if (!presented) return false;
  const digest = sha256(presented);
  let ok = false;
  for (const key of keys) ok = timingSafeEqual(digest, sha256(key)) || ok;
  return ok;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
