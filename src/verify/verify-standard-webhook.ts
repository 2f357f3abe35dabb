import { createHmac, timingSafeEqual } from 'node:crypto';

export interface VerifyStandardWebhookOptions {
  /** Accepted secrets (`whsec_<base64>`); several during a rotation. */
  secrets: string | string[];
  /** Largest accepted clock difference, in seconds (default 300, as the spec suggests). */
  toleranceSeconds?: number;
  /** The receiver's clock, epoch milliseconds (default Date.now()). */
  now?: number;
}

/**
 * For receivers: checks Standard Webhooks headers (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`) over the raw body, per standardwebhooks.com. True when any `v1`
 * signature matches any secret and the timestamp is within the tolerance.
 */
export function verifyStandardWebhook(
  rawBody: string | Uint8Array,
  headers: Record<string, string | string[] | undefined>,
  options: VerifyStandardWebhookOptions,
): boolean {
  const header = (name: string) => {
    const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === name);
    const v = entry?.[1];
    return Array.isArray(v) ? v.join(' ') : v;
  };
  const id = header('webhook-id');
  const timestamp = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  const given = signatures
    .split(' ')
    .map((s) => s.split(','))
    .filter(([version, sig]) => version === 'v1' && sig)
    .map(([, sig]) => Buffer.from(sig!));
  for (const secret of Array.isArray(options.secrets) ? options.secrets : [options.secrets]) {
    const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
    const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64'));
    if (given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) return true;
  }
  return false;
}
