import { describe, expect, it } from 'vitest';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';
import type { DestinationInput } from '../../src/config/destination-schema.js';

const { harness, receiver } = useHarnessAndReceiver();

const lead = {
  id: 'lead-1',
  email: 'test@example.com',
  phone: '5551234567',
  first_name: 'John',
  last_name: 'Doe',
  score: 85,
  utm: { source: 'landing-page' },
};

function destination(path: string, extra: Partial<DestinationInput> = {}): DestinationInput {
  return {
    name: 'Test CRM',
    url: `${receiver.url}${path}`,
    allow_insecure_http: true,
    method: 'POST',
    timeout: 10_000,
    body: {
      format: 'json',
      mapping: {
        email: 'email',
        phone: 'phone',
        firstName: 'first_name',
        lastName: 'last_name',
        customFields: { source: 'utm.source', score: 'score' },
      },
    },
    retry: { max_attempts: 3, delay: 50 },
    ...extra,
  };
}

describe('deliverLead on a real Temporal server', () => {
  it('delivers the mapped JSON body with an Idempotency-Key and records success', async () => {
    const result = await harness.client.deliver(destination('/leads', { response_parser: { lead_id: 'lead.id', message: 'message' } }), lead, {
      deliveryId: `ok-${Date.now()}`,
    });
    expect(result.outcome).toBe('success');
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]!.status).toBe(200);
    expect(result.fields).toEqual({ lead_id: 'rcv-1', message: 'Lead created successfully' });
    expect(receiver.requests).toHaveLength(1);
    const req = receiver.requests[0]!;
    expect(JSON.parse(req.body)).toEqual({
      email: 'test@example.com',
      phone: '5551234567',
      firstName: 'John',
      lastName: 'Doe',
      customFields: { source: 'landing-page', score: 85 },
    });
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['idempotency-key']).toBe(result.deliveryId);
  });

  it('retries 503 twice and succeeds on the third attempt, with the same Idempotency-Key', async () => {
    const result = await harness.client.deliver(destination('/leads?fail=2&fail_status=503'), lead, { deliveryId: `flaky-${Date.now()}` });
    expect(result.outcome).toBe('success');
    expect(result.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set([result.deliveryId]));
  });

  it('records a 400 as failure without retrying', async () => {
    const result = await harness.client.deliver(destination('/status/400'), lead, { deliveryId: `bad-${Date.now()}` });
    expect(result.outcome).toBe('failure');
    expect(result.errorCode).toBe('HTTP_400');
    expect(result.attempts).toHaveLength(1);
    expect(receiver.requests).toHaveLength(1);
  });

  it('sends once when the same delivery is started twice', async () => {
    const sameLead = { ...lead, id: `twice-${Date.now()}` };
    const first = await harness.client.startDelivery(destination('/leads'), sameLead);
    const second = await harness.client.startDelivery(destination('/leads'), sameLead);
    expect(second.deliveryId).toBe(first.deliveryId);
    expect(first.started).toBe(true);
    expect(second.started).toBe(false);
    await first.handle.result();
    const third = await harness.client.startDelivery(destination('/leads'), sameLead);
    expect(third.started).toBe(false);
    expect((await third.handle.result()).outcome).toBe('success');
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries a receiver slower than the timeout and ends in error with a timeout reason', async () => {
    const result = await harness.client.deliver(destination('/leads?sleep=1500', { timeout: 300, retry: { max_attempts: 2, delay: 10 }, park: { window: 0 } }), lead, {
      deliveryId: `slow-${Date.now()}`,
    });
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe('TIMEOUT');
    expect(result.reason).toMatch(/timeout/i);
    expect(result.attempts.map((a) => a.errorCode)).toEqual(['TIMEOUT', 'TIMEOUT']);
    expect(receiver.requests).toHaveLength(2);
  });

  it('rejects an invalid destination before starting anything, naming the path', async () => {
    await expect(
      harness.client.startDelivery({ ...destination('/leads'), retry: { max_attempts: 3, delays: [100, 'soon' as unknown as number] } }, lead),
    ).rejects.toThrow(/retry\.delays\[1\]: expected a number of milliseconds/);
  });
});
