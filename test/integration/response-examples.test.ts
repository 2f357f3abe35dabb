import { describe, expect, it } from 'vitest';
import { loadDestinationFile } from '../../src/config/load-destination.js';
import type { Destination } from '../../src/config/destination-schema.js';
import type { DeliveryResult } from '../../src/core/delivery/delivery-result.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';
import { retryWaits } from '../helpers/user-metadata.js';

const { harness, receiver } = useHarnessAndReceiver();

let n = 0;

/** Loads an example and points it at this test's receiver instead of 127.0.0.1:8787. */
async function example(file: string, path?: string): Promise<Destination> {
  const destination = await loadDestinationFile(`examples/destinations/${file}`);
  const url = destination.url.replace('http://127.0.0.1:8787', receiver.url);
  return { ...destination, url: path ? `${receiver.url}${path}` : url };
}

const deliver = (destination: Destination) =>
  harness.client.deliver(destination, { id: `ex-${++n}`, email: 'test@example.com', phone: '5551234567' }, { deliveryId: `example-${Date.now()}-${n}` });

const gaps = (result: DeliveryResult) =>
  result.attempts.slice(1).map((a, i) => Date.parse(a.startedAt) - Date.parse(result.attempts[i]!.startedAt));

describe('the guide\'s "Response Handling" examples', () => {
  it('response-success-codes.yaml: 202 is a success, a 204 is not', async () => {
    expect((await deliver(await example('response-success-codes.yaml'))).outcome).toBe('success');
    const other = await deliver({ ...(await example('response-success-codes.yaml', '/status/204')), park: { window: 0 } });
    expect(other.outcome).toBe('failure');
  });

  it('response-success-check.yaml: a 200 saying "rejected" is a failure with the reason', async () => {
    const result = await deliver(await example('response-success-check.yaml'));
    expect(result.outcome).toBe('failure');
    expect(result.reason).toContain('Duplicate lead');
  });

  it('response-success-when.yaml: status 200 and created: true', async () => {
    const result = await deliver(await example('response-success-when.yaml'));
    expect(result.outcome).toBe('success');
  });

  it('response-json-parser.yaml: the guide\'s fields land in the result', async () => {
    const result = await deliver(await example('response-json-parser.yaml'));
    expect(result.fields).toEqual({ outcome: 'created', lead_id: '12345', lead_score: 87, message: 'Lead created successfully' });
  });

  it('response-xml-parser.yaml: XPath parsing', async () => {
    const result = await deliver(await example('response-xml-parser.yaml'));
    expect(result.outcome).toBe('success');
    expect(result.fields).toEqual({ outcome: 'success', lead_id: '12345' });
  });

  it('response-error-parser.yaml: error code, message and field are extracted', async () => {
    const result = await deliver(await example('response-error-parser.yaml'));
    expect(result.outcome).toBe('failure');
    expect(result.fields).toEqual({ error_code: 'INVALID_PHONE', error_message: 'Phone number format invalid', error_field: 'phone' });
    expect(result.reason).toContain('INVALID_PHONE: Phone number format invalid (field phone)');
  });

  it('response-outcome-search.yaml: "bad: duplicate lead" is a failure', async () => {
    const result = await deliver(await example('response-outcome-search.yaml'));
    expect(result.outcome).toBe('failure');
    expect(result.fields.reason).toBe('duplicate lead');
  });
});

describe('the guide\'s "Retry Configuration" examples', () => {
  it('retry-basic.yaml: two 503s, one second apart, then success', async () => {
    const result = await deliver(await example('retry-basic.yaml'));
    expect(result.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    for (const gap of gaps(result)) expect(gap).toBeGreaterThanOrEqual(1000);
  });

  it('retry-exponential.yaml: waits 1 s then 2 s', async () => {
    const result = await deliver(await example('retry-exponential.yaml'));
    expect(result.outcome).toBe('success');
    // Exactly 1 s then 2 s, as the workflow's retry timers say; never sooner on the clock.
    expect(await retryWaits(harness.temporal, harness.temporal.workflow.getHandle(result.deliveryId))).toEqual([1000, 2000]);
    const [first, second] = gaps(result);
    expect(first).toBeGreaterThanOrEqual(1000);
    expect(second).toBeGreaterThanOrEqual(2000);
  });

  it('retry-conditional.yaml: a 502 is retried, a 400 is not', async () => {
    const retried = await deliver(await example('retry-conditional.yaml'));
    expect(retried.attempts.map((a) => a.status)).toEqual([502, 200]);
    const notRetried = await deliver({ ...(await example('retry-conditional.yaml', '/status/400')), park: { window: 0 } });
    expect(notRetried.attempts).toHaveLength(1);
    expect(notRetried.outcome).toBe('failure');
  });

  it('retry-backoff.yaml: a 429 with Retry-After: 1 waits at least a second', async () => {
    const result = await deliver(await example('retry-backoff.yaml'));
    expect(result.attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(gaps(result)[0]).toBeGreaterThanOrEqual(1000);
  });
});
