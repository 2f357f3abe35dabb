import { createHmac, timingSafeEqual } from 'node:crypto';

export interface VerifyHmacOptions {
  /** The shared secret. */
  secret: string;
  /** The signature header's value (`X-Signature`). */
  signature: string;
  /** The timestamp header's value (`X-Timestamp`); required to check freshness or `timestamp.body` signing. */
  timestamp?: string;
  algorithm?: 'sha256' | 'sha512';
  encoding?: 'hex' | 'base64';
  /** What the sender signed: `body` (the guide, default) or `timestamp.body`. */
  signedContent?: 'body' | 'timestamp.body';
  /** Oldest accepted timestamp, in milliseconds before `now` (default 5 minutes); needs `timestamp`. */
  toleranceMs?: number;
  /** The receiver's clock, epoch milliseconds (default Date.now()). */
  now?: number;
  /** Unit of `timestamp` (default milliseconds, the guide's Date.now()). */
  timestampUnit?: 'milliseconds' | 'seconds';
}

/**
 * For receivers: checks a leadwire HMAC signature (the guide's scheme) over the raw body
 * bytes exactly as received, in constant time. Returns true or false; never throws on bad input.
 */
export function verifyHmacSignature(rawBody: string | Uint8Array, options: VerifyHmacOptions): boolean {
  const { secret, signature, timestamp } = options;
  if (timestamp !== undefined) {
    const ms = Number(timestamp) * (options.timestampUnit === 'seconds' ? 1000 : 1);
    if (!Number.isFinite(ms) || Math.abs((options.now ?? Date.now()) - ms) > (options.toleranceMs ?? 300_000)) return false;
  } else if (options.signedContent === 'timestamp.body') {
    return false;
  }
  const mac = createHmac(options.algorithm ?? 'sha256', secret);
  if (options.signedContent === 'timestamp.body') mac.update(`${timestamp}.`);
  mac.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody);
  const expected = Buffer.from(mac.digest(options.encoding ?? 'hex'));
  const given = Buffer.from(signature.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}
