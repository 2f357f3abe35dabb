import { describe, expect, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import type { DeliveryStatus } from '../../src/shared/delivery-status.js';
import type { Harness } from '../helpers/temporal-harness.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';
import { statusWhen } from '../helpers/status-when.js';
import { waitFor } from '../helpers/eventually.js';

const { harness, receiver } = useHarnessAndReceiver();

let n = 0;
const unique = (name: string) => `${name}-${Date.now()}-${++n}`;

function destination(path: string, extra: Partial<DestinationInput> = {}): DestinationInput {
  return { name: unique('Operator CRM'), url: `${receiver.url}${path}`, allow_insecure_http: true, timeout: 10_000, retry: { max_attempts: 2, delay: 20 }, ...extra };
}

/** Polls the status query (not the clock) until the delivery reaches the state wanted. */
const until = (deliveryId: string, done: (s: DeliveryStatus) => boolean): Promise<DeliveryStatus> => statusWhen(harness.client, deliveryId, done);

/** Waits until the visibility store lists `count` deliveries for the filter (it is eventually consistent). */
function listed(filter: Parameters<Harness['client']['list']>[0], count: number) {
  return waitFor(`${count} deliveries listed for ${JSON.stringify(filter)}`, () => harness.client.list(filter), (rows) => rows.length >= count);
}

describe('stuck deliveries and operators', () => {
  it('keeps the success path at 14 history events or fewer', async () => {
    const started = await harness.client.startDelivery(destination('/leads'), { id: unique('lead') });
    expect((await started.handle.result()).outcome).toBe('success');
    const history = await started.handle.fetchHistory();
    expect(history.events?.length).toBeLessThanOrEqual(14);
  });

  it('parks when retries are exhausted, shows it in status and search attributes, then succeeds on an operator retry', async () => {
    const dest = destination('/leads?fail=2&fail_status=503');
    const started = await harness.client.startDelivery(dest, { id: unique('lead') });
    const parked = await until(started.deliveryId, (s) => s.parked);
    expect(parked.state).toBe('parked');
    expect(parked.attempts.map((a) => a.status)).toEqual([503, 503]);
    expect(parked.lastErrorCode).toBe('HTTP_503');
    expect(Date.parse(parked.parkedUntil!) - Date.now()).toBeGreaterThan(6 * 24 * 3600 * 1000);
    const rows = await listed({ destination: dest.name, outcome: 'parked' }, 1);
    expect(rows[0]).toMatchObject({ deliveryId: started.deliveryId, attempts: 2, lastStatus: 503 });

    await harness.client.retry(started.deliveryId, { requestedBy: 'test' });
    const result = await started.handle.result();
    expect(result.outcome).toBe('success');
    expect(result.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(result.operatorActions).toMatchObject([{ action: 'retry', requestedBy: 'test' }]);
  });

  it('retries with a corrected destination, validated by the client first', async () => {
    const started = await harness.client.startDelivery(destination('/status/503'), { id: unique('lead') });
    await until(started.deliveryId, (s) => s.parked);
    await expect(harness.client.retry(started.deliveryId, { destination: { name: 'x', url: 'ftp://nope' } as DestinationInput })).rejects.toThrow(/url: /);
    await harness.client.retry(started.deliveryId, { destination: destination('/leads') });
    const result = await started.handle.result();
    expect(result.outcome).toBe('success');
    expect(result.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(result.operatorActions?.[0]?.action).toBe('retry-with-new-config');
  });

  it('skips a long retry wait on "retry now"', async () => {
    const started = await harness.client.startDelivery(destination('/leads?fail=1&fail_status=503', { retry: { max_attempts: 3, delay: 3_600_000 } }), {
      id: unique('lead'),
    });
    const waiting = await until(started.deliveryId, (s) => s.state === 'waiting-to-retry');
    expect(Date.parse(waiting.nextAttemptAt!) - Date.now()).toBeGreaterThan(3_000_000);
    await harness.client.retry(started.deliveryId);
    expect((await started.handle.result()).outcome).toBe('success');
  });

  it('ends a parked delivery when an operator gives up, with the reason', async () => {
    const started = await harness.client.startDelivery(destination('/status/500'), { id: unique('lead') });
    await until(started.deliveryId, (s) => s.parked);
    await harness.client.abandon(started.deliveryId, 'buyer is gone', { requestedBy: 'ops' });
    const result = await started.handle.result();
    expect(result.outcome).toBe('error');
    expect(result.reason).toContain('Given up by an operator: buyer is gone');
    expect(result.attempts).toHaveLength(2);
  });

  it('ends by itself, with the last outcome, when the park window passes', async () => {
    const result = await harness.client.deliver(destination('/status/502', { park: { window: 300 } }), { id: unique('lead') });
    expect(result.outcome).toBe('error');
    expect(result.reason).toMatch(/parked for 300 ms and no operator acted/);
  });

  it('retries every parked delivery to a destination in bulk', async () => {
    const dest = destination('/leads?fail=2&fail_status=503');
    const started = await Promise.all([1, 2, 3].map(() => harness.client.startDelivery(dest, { id: unique('lead') })));
    await Promise.all(started.map((s) => until(s.deliveryId, (st) => st.parked)));
    await listed({ destination: dest.name, outcome: 'parked' }, 3);
    const retried = await harness.client.retryMany({ query: `LeadwireOutcome="parked" AND LeadwireDestination="${dest.name}"` });
    expect(new Set(retried.map((a) => a.deliveryId))).toEqual(new Set(started.map((s) => s.deliveryId)));
    const results = await Promise.all(started.map((s) => s.handle.result()));
    expect(results.map((r) => r.outcome)).toEqual(['success', 'success', 'success']);
  });

  it('ends a cancelled delivery with outcome cancelled and its attempts kept', async () => {
    const dest = destination('/status/503');
    const started = await harness.client.startDelivery(dest, { id: unique('lead') });
    await until(started.deliveryId, (s) => s.parked);
    await harness.client.cancel(started.deliveryId);
    const result = await started.handle.result();
    expect(result.outcome).toBe('cancelled');
    expect(result.attempts).toHaveLength(2);
    const rows = await listed({ destination: dest.name, outcome: 'cancelled' }, 1);
    expect(rows[0]!.deliveryId).toBe(started.deliveryId);
    await expect(harness.client.retry(started.deliveryId)).rejects.toMatchObject({ code: 'DELIVERY_ENDED', message: expect.stringMatching(/has already ended as cancelled/) });
  });
});
