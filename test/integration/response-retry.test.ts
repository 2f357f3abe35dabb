import { describe, expect, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import type { DeliveryResult } from '../../src/core/delivery/delivery-result.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';
import { retryWaits } from '../helpers/user-metadata.js';

const { harness, receiver } = useHarnessAndReceiver();

const lead = { id: 'lead-retry', email: 'test@example.com' };
let n = 0;
const id = (name: string) => `retry-${name}-${Date.now()}-${++n}`;

function destination(path: string, retry: DestinationInput['retry'], extra: Partial<DestinationInput> = {}): DestinationInput {
  return { name: 'Retry CRM', url: `${receiver.url}${path}`, allow_insecure_http: true, timeout: 10_000, retry, park: { window: 0 }, ...extra };
}

/** Milliseconds between consecutive recorded attempt starts. */
const gaps = (result: DeliveryResult) =>
  result.attempts.slice(1).map((a, i) => Date.parse(a.startedAt) - Date.parse(result.attempts[i]!.startedAt));
/** The waits the workflow scheduled (its retry timers): exact, whatever the load. */
const waits = (result: DeliveryResult) => retryWaits(harness.temporal, harness.temporal.workflow.getHandle(result.deliveryId));

describe('retries on a real Temporal server', () => {
  it('waits exactly the `delays` list between attempts, repeating the last one', async () => {
    const result = await harness.client.deliver(destination('/leads?fail=4&fail_status=503', { max_attempts: 5, delays: [200, 600, 300] }), lead, {
      deliveryId: id('delays'),
    });
    expect(result.outcome).toBe('success');
    expect(result.attempts.map((a) => a.status)).toEqual([503, 503, 503, 503, 200]);
    const expected = [200, 600, 300, 300];
    expect(await waits(result)).toEqual(expected);
    // Never sooner than that; later only by the machine's task latency (not asserted: it is load).
    gaps(result).forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(expected[i]!));
  });

  it('does not retry a status listed in dont_retry_on, even a 503', async () => {
    const result = await harness.client.deliver(
      destination('/status/503', { max_attempts: 3, delay: 50, retry_on: [500, 502, 503, 504], dont_retry_on: [400, 401, 403, 503] }),
      lead,
      { deliveryId: id('dont') },
    );
    expect(result.outcome).toBe('error');
    expect(result.attempts).toHaveLength(1);
    expect(result.reason).toContain('not retried');
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries only retry_on statuses: a 500 not in the list ends at once', async () => {
    const result = await harness.client.deliver(destination('/status/500', { max_attempts: 3, delay: 50, retry_on: [502, 503] }), lead, { deliveryId: id('on') });
    expect(result.attempts).toHaveLength(1);
  });

  it('honours Retry-After (seconds) over a shorter configured delay', async () => {
    const result = await harness.client.deliver(destination('/leads?fail=1&fail_status=429&retry_after=1', { max_attempts: 2, delay: 50 }), lead, {
      deliveryId: id('after'),
    });
    expect(result.outcome).toBe('success');
    expect(result.attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(await waits(result)).toEqual([1000]);
    expect(gaps(result)[0]).toBeGreaterThanOrEqual(1000);
  });

  it('clamps a Retry-After of a year to max_retry_after', async () => {
    const result = await harness.client.deliver(
      destination(`/leads?fail=1&fail_status=503&retry_after=${365 * 24 * 3600}`, { max_attempts: 2, delay: 50, max_retry_after: 300 }),
      lead,
      { deliveryId: id('year') },
    );
    expect(result.outcome).toBe('success');
    expect(await waits(result)).toEqual([300]);
    expect(gaps(result)[0]).toBeGreaterThanOrEqual(300);
  });

  it('backs off exponentially up to the maximum', async () => {
    const result = await harness.client.deliver(
      destination('/leads?fail=3&fail_status=500', { max_attempts: 4, backoff: { initial: 100, coefficient: 3, maximum: 500 } }),
      lead,
      { deliveryId: id('backoff') },
    );
    expect(result.outcome).toBe('success');
    const expected = [100, 300, 500];
    expect(await waits(result)).toEqual(expected);
    gaps(result).forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(expected[i]!));
  });

  it('retries timeouts and network errors by default, not a 400', async () => {
    const refused = await harness.client.deliver(
      { ...destination('/x', { max_attempts: 2, delay: 20 }), url: 'http://127.0.0.1:1/leads' },
      lead,
      { deliveryId: id('refused') },
    );
    expect(refused.attempts.map((a) => a.errorCode)).toEqual(['CONNECTION_REFUSED', 'CONNECTION_REFUSED']);
    const bad = await harness.client.deliver(destination('/status/400', { max_attempts: 3, delay: 20 }), lead, { deliveryId: id('400') });
    expect(bad.attempts).toHaveLength(1);
  });
});
