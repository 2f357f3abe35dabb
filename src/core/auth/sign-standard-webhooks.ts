import { createHmac } from 'node:crypto';
import { LeadwireError } from '../errors/leadwire-error.js';

/**
 * A Standard Webhooks secret (`whsec_<base64>`) as key bytes. Without the prefix the text is
 * still read as base64, as the reference libraries do.
 */
function webhookSecretKey(secret: string): Buffer {
  const b64 = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
    throw new LeadwireError('WEBHOOK_SECRET_INVALID', 'A Standard Webhooks secret must be `whsec_` followed by base64. Generate one with `openssl rand -base64 32` and prefix it.');
  }
  return Buffer.from(b64, 'base64');
}

/**
 * Standard Webhooks signing (standardwebhooks.com, "Signature scheme"): base64 HMAC-SHA256
 * of `<id>.<timestamp>.<body>`, one `v1,<sig>` per secret, space-separated, so a receiver
 * holding either the old or the new secret accepts it during rotation.
 */
export function signStandardWebhook(id: string, timestampSeconds: number, body: string | Uint8Array, secrets: string[]): string {
  return secrets
    .map((secret) => {
      const mac = createHmac('sha256', webhookSecretKey(secret));
      mac.update(`${id}.${timestampSeconds}.`);
      mac.update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
      return `v1,${mac.digest('base64')}`;
    })
    .join(' ');
}
