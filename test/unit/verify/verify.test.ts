import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signHmac } from '../../../src/core/auth/sign-hmac.js';
import { signStandardWebhook } from '../../../src/core/auth/sign-standard-webhooks.js';
import { verifyHmacSignature, verifyStandardWebhook } from '../../../src/verify/index.js';

// Vectors computed here with node:crypto directly, never with leadwire's own sign functions.
const body = '{"email":"test@example.com","phone":"5551234567"}';
const NOW = 1_700_000_000_000;

describe('HMAC (the guide scheme)', () => {
  const secret = 'guide-secret';
  const hex = createHmac('sha256', secret).update(body).digest('hex');

  it('signs exactly like createHmac(sha256).update(body).digest(hex)', () => {
    expect(signHmac(body, { secret, algorithm: 'sha256', encoding: 'hex' })).toBe(hex);
    expect(signHmac(body, { secret, algorithm: 'sha512', encoding: 'base64' })).toBe(createHmac('sha512', secret).update(body).digest('base64'));
    expect(signHmac(body, { secret, algorithm: 'sha256', encoding: 'hex', timestamp: '123' })).toBe(createHmac('sha256', secret).update(`123.${body}`).digest('hex'));
  });

  it('verifies a good signature and refuses a changed body, wrong secret or stale timestamp', () => {
    const ts = String(NOW - 1000);
    expect(verifyHmacSignature(body, { secret, signature: hex, timestamp: ts, now: NOW })).toBe(true);
    expect(verifyHmacSignature(`${body} `, { secret, signature: hex, timestamp: ts, now: NOW })).toBe(false);
    expect(verifyHmacSignature(body, { secret: 'other', signature: hex, timestamp: ts, now: NOW })).toBe(false);
    expect(verifyHmacSignature(body, { secret, signature: hex, timestamp: String(NOW - 600_000), now: NOW })).toBe(false);
    expect(verifyHmacSignature(body, { secret, signature: 'zz', now: NOW })).toBe(false);
  });
});

describe('Standard Webhooks', () => {
  // The example secret and vector from the Standard Webhooks specification's reference tests.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const payload = '{"test": 2432232314}';
  const specSignature = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

  it('matches the specification vector and an independent node:crypto computation', () => {
    const independent = createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update(`${id}.${timestamp}.${payload}`).digest('base64');
    expect(`v1,${independent}`).toBe(specSignature);
    expect(signStandardWebhook(id, timestamp, payload, [secret])).toBe(specSignature);
  });

  it('signs with every secret during a rotation; the verifier accepts either', () => {
    const other = `whsec_${Buffer.from('another key').toString('base64')}`;
    const header = signStandardWebhook(id, timestamp, payload, [other, secret]);
    expect(header.split(' ')).toHaveLength(2);
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': header };
    expect(verifyStandardWebhook(payload, headers, { secrets: secret, now: timestamp * 1000 })).toBe(true);
    expect(verifyStandardWebhook(payload, headers, { secrets: [other], now: timestamp * 1000 })).toBe(true);
    expect(verifyStandardWebhook(payload, headers, { secrets: `whsec_${Buffer.from('nope').toString('base64')}`, now: timestamp * 1000 })).toBe(false);
    expect(verifyStandardWebhook(payload, headers, { secrets: secret, now: (timestamp + 301) * 1000 })).toBe(false);
    expect(verifyStandardWebhook(`${payload}x`, headers, { secrets: secret, now: timestamp * 1000 })).toBe(false);
  });
});
