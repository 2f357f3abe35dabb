import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadwireClient } from '../../src/client/index.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';

// Issue 14: a client on the worker's own connection starts deliveries eagerly: the server hands
// the first workflow task back to this process with the start, and the first attempt runs here.
const { harness, receiver } = useHarnessAndReceiver();
let eager: LeadwireClient;
beforeAll(async () => {
  eager = await harness.worker.createClient();
});
afterAll(() => eager?.close());

const destination = () => ({ name: 'Eager CRM', url: `${receiver.url}/leads`, allow_insecure_http: true, timeout: 10_000, body: { format: 'json' as const, mapping: { email: 'email' } } });

describe('eager workflow start from a worker\'s own client', () => {
  it('starts the delivery eagerly and delivers it', async () => {
    const started = await eager.startDelivery(destination(), { id: `eager-${Date.now()}`, email: 'e@example.com' });
    expect(started.eagerlyStarted).toBe(true);
    // One attempt: the eagerly started first task is the first try, not a retried one.
    expect(await started.result()).toMatchObject({ outcome: 'success', attempts: [{ attempt: 1, status: 200 }] });
    expect(receiver.requests).toHaveLength(1);
  });

  it('starts an ordinary client\'s delivery the ordinary way', async () => {
    const started = await harness.client.startDelivery(destination(), { id: `plain-${Date.now()}`, email: 'p@example.com' });
    expect(started.eagerlyStarted).toBe(false);
    expect((await started.result()).outcome).toBe('success');
  });

  it('never starts the same delivery twice', async () => {
    const lead = { id: `twice-${Date.now()}`, email: 't@example.com' };
    const [a, b] = [await eager.startDelivery(destination(), lead), await eager.startDelivery(destination(), lead)];
    expect([a.started, b.started]).toEqual([true, false]);
    await a.result();
    expect(receiver.requests).toHaveLength(1);
  });
});
