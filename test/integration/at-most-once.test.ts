import { describe, expect, it } from 'vitest';
import { DestinationSchema, type DestinationInput } from '../../src/config/destination-schema.js';
import type { DeliveryStatus } from '../../src/shared/delivery-status.js';
import { deadUrl } from '../helpers/request-servers.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';
import { statusWhen } from '../helpers/status-when.js';

const { harness, receiver } = useHarnessAndReceiver({ harness: { env: { LEADWIRE_ALLOW_NETWORKS: '127.0.0.0/8,::1' } } });

// Test receivers speak plain HTTP on 127.0.0.1: opt in where the schema asks for it (the HTTPS rule).
const localHttp = DestinationSchema.safeParse({ name: 'x', url: 'https://a.example', allow_insecure_http: true }).success ? { allow_insecure_http: true } : {};

let n = 0;
function destination(url: string, extra: Partial<DestinationInput> = {}): DestinationInput {
  return { name: `At most once ${Date.now()}-${++n}`, url, timeout: 10_000, at_most_once: true, retry: { max_attempts: 3, delay: 20 }, ...localHttp, ...extra };
}

const until = (deliveryId: string, done: (s: DeliveryStatus) => boolean): Promise<DeliveryStatus> => statusWhen(harness.client, deliveryId, done);

const sentFor = (deliveryId: string) => receiver.requests.filter((r) => r.headers['idempotency-key'] === deliveryId).length;

describe('at_most_once: true', () => {
  it('parks after a 503 instead of sending again, and sends again only when an operator retries', async () => {
    const started = await harness.client.startDelivery(destination(`${receiver.url}/leads?fail=1&fail_status=503`), { id: `amo-503-${Date.now()}`, email: 'a@example.com' });
    const parked = await until(started.deliveryId, (s) => s.parked);
    expect(parked.lastErrorCode).toBe('AT_MOST_ONCE_AMBIGUOUS');
    expect(parked.attempts).toHaveLength(1);
    expect(sentFor(started.deliveryId)).toBe(1);

    await harness.client.retry(started.deliveryId, { requestedBy: 'ops' });
    const result = await started.result();
    expect(result.outcome).toBe('success');
    expect(sentFor(started.deliveryId)).toBe(2);
    expect(result.operatorActions?.[0]).toMatchObject({ action: 'retry', requestedBy: 'ops' });
  });

  it('parks after a timeout: the destination may have the lead', async () => {
    const started = await harness.client.startDelivery(destination(`${receiver.url}/leads?sleep=2500`, { timeout: 1000 }), { id: `amo-slow-${Date.now()}`, email: 'b@example.com' });
    const parked = await until(started.deliveryId, (s) => s.parked);
    expect(parked.lastErrorCode).toBe('AT_MOST_ONCE_AMBIGUOUS');
    expect(parked.lastError).toContain('TIMEOUT');
    expect(sentFor(started.deliveryId)).toBe(1);
    await harness.client.abandon(started.deliveryId, 'buyer confirmed receipt');
    const result = await started.result();
    expect(result.outcome).toBe('error');
    expect(result.reason).toContain('buyer confirmed receipt');
    expect(sentFor(started.deliveryId)).toBe(1);
  });

  it('still retries a refused connection: nothing was written', async () => {
    const started = await harness.client.startDelivery(destination(`${await deadUrl()}/leads`, { park: { window: 0 } }), { id: `amo-refused-${Date.now()}` });
    const result = await started.result();
    expect(result.attempts.map((a) => a.errorCode)).toEqual(['CONNECTION_REFUSED', 'CONNECTION_REFUSED', 'CONNECTION_REFUSED']);
  });
});
