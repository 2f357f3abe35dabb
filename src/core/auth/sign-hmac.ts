import { createHmac } from 'node:crypto';

interface HmacSignOptions {
  secret: string;
  algorithm: 'sha256' | 'sha512';
  encoding: 'hex' | 'base64';
  /** Signed as `<timestamp>.<body>` when given (signed_content: timestamp.body); else the body alone. */
  timestamp?: string;
}

/** The guide's HMAC: `createHmac(alg, secret).update(exact body bytes).digest(encoding)`. Time is an argument. */
export function signHmac(body: string | Uint8Array, options: HmacSignOptions): string {
  const mac = createHmac(options.algorithm, options.secret);
  if (options.timestamp !== undefined) mac.update(`${options.timestamp}.`);
  mac.update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  return mac.digest(options.encoding);
}
