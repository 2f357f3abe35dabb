import { describe, expect, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';

// Issue 12, item 4: an expression that would exhaust memory once crashed the worker. Now the
// sandbox process hits its heap limit and the delivery fails alone with EXPRESSION_LIMIT.
// Its own file, so its worker's sandbox has a time limit far past what a starved machine needs to
// reach the heap limit: with the default 3 s, other jobs on the cores made the time limit stop
// it first, and the test then saw "time limit" (hostile-destination.test.ts covers that one).
process.env.LEADWIRE_SANDBOX_TIMEOUT_MS = '120000';
const { harness, receiver } = useHarnessAndReceiver();

const destination = (name: string, extra: Partial<DestinationInput> = {}): DestinationInput => ({
  name,
  url: `${receiver.url}/leads`,
  allow_insecure_http: true,
  timeout: 10_000,
  body: { format: 'json', mapping: { email: 'email' } },
  retry: { max_attempts: 2, delay: 50 },
  park: { window: 0 },
  ...extra,
});

describe('a worker given a hostile destination', () => {
  it('survives an expression that would exhaust memory, and delivers the next lead', async () => {
    const hostile = destination('Hostile pad', { body: { format: 'json', mapping: { big: { $expr: '$pad("x", 300000000)' } } } });
    const bad = await harness.client.startDelivery(hostile, { id: `p-${Date.now()}` });
    expect(await bad.handle.result()).toMatchObject({ outcome: 'error', errorCode: 'EXPRESSION_LIMIT', reason: expect.stringMatching(/memory limit/) });
    const good = await harness.client.startDelivery(destination('Ordinary'), { id: `o2-${Date.now()}`, email: 'next@example.com' });
    expect((await good.handle.result()).outcome).toBe('success');
    expect(receiver.requests.map((r) => JSON.parse(r.body))).toEqual([{ email: 'next@example.com' }]);
  });
});
