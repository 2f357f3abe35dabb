import { describe, expect, it } from 'vitest';
import type { deliverLead } from '../../../src/workflows/deliver-lead.js';
import { statusQuery } from '../../../src/shared/messages.js';
import { waitFor } from '../../helpers/eventually.js';
import { useStubWorker } from '../../helpers/stub-worker.js';
import { retryWaits } from '../../helpers/user-metadata.js';
import { DAY, deliveryInput, HOUR, MINUTE, planFor, serverTimeSpan, unique } from './workflow-inputs.js';

// deliverLead's retry-and-park loop (src/workflows/attempt-loop.ts) on the time-skipping test
// server: hours of retry waits and a week parked pass in a moment, and the stub destinations
// answer from a script, so each test says exactly what the buyer's API did.
const file = useStubWorker();

const start = (plan: ReturnType<typeof planFor>) => {
  const input = deliveryInput(plan);
  return file.env.client.workflow.start<typeof deliverLead>('deliverLead', { taskQueue: file.taskQueue, workflowId: input.deliveryId, args: [input] });
};

describe('deliverLead: the attempt loop', () => {
  it('retries after each of the plan\'s delays (1 hour, then 6 hours) and succeeds on the third attempt', async () => {
    const name = unique('Retry CRM');
    file.stubs.script(name, [503, 503, 200]);
    const handle = await start(planFor(name, { retry: { max_attempts: 5, delays: [HOUR, 6 * HOUR] } }));
    const result = await handle.result();
    expect(result.outcome).toBe('success');
    expect(result.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(file.stubs.sendsTo(name).map((s) => s.attempt)).toEqual([1, 2, 3]);
    expect(await retryWaits(file.env.client, handle)).toEqual([HOUR, 6 * HOUR]);
    // The waits really passed, on the server's (skipped) clock.
    expect(await serverTimeSpan(handle)).toBeGreaterThanOrEqual(7 * HOUR);
  });

  it('gives up after the last attempt when it may not park, with the attempts counted in the reason', async () => {
    const name = unique('Give-up CRM');
    file.stubs.script(name, [503]);
    const handle = await start(planFor(name, { retry: { max_attempts: 3, delay: 30 * MINUTE }, park: { window: 0 } }));
    const result = await handle.result();
    expect(result.outcome).toBe('failure');
    expect(result.reason).toBe('HTTP 503; gave up after 3 attempts');
    expect(result.attempts).toHaveLength(3);
    expect(file.stubs.sendsTo(name)).toHaveLength(3);
    expect(await retryWaits(file.env.client, handle)).toEqual([30 * MINUTE, 30 * MINUTE]);
  });

  it('stops at once on an answer that is not worth retrying (a 400), without parking', async () => {
    const name = unique('Rejecting CRM');
    file.stubs.script(name, [400, 200]);
    const handle = await start(planFor(name, { retry: { max_attempts: 5, delay: HOUR } }));
    const result = await handle.result();
    expect(result.outcome).toBe('failure');
    expect(result.reason).toBe('HTTP 400');
    expect(result.errorCode).toBe('HTTP_400');
    expect(file.stubs.sendsTo(name)).toHaveLength(1);
    expect(await retryWaits(file.env.client, handle)).toEqual([]);
  });

  it('parks after the last attempt, for the park window, then ends on its own when no operator acts (7 days, skipped)', async () => {
    const name = unique('Parking CRM');
    file.stubs.script(name, [503]);
    const handle = await start(planFor(name, { retry: { max_attempts: 2, delay: HOUR } }));
    // The server's clock stands still until a result is awaited or time is skipped by hand: the
    // hour's wait is skipped here, and the delivery stays parked while it is looked at.
    await waitFor('the first attempt', () => handle.query(statusQuery), (s) => s.state === 'waiting-to-retry');
    await file.env.sleep(HOUR);
    const parked = await waitFor('the delivery parked', () => handle.query(statusQuery), (s) => s.parked);
    expect(parked.state).toBe('parked');
    expect(parked.attempts).toHaveLength(2);
    expect(parked.lastErrorCode).toBe('HTTP_503');
    // Parked until a week from now, on the server's clock (which stands still meanwhile).
    const parkedFor = Date.parse(parked.parkedUntil!) - (await file.env.currentTimeMs());
    expect(parkedFor).toBeGreaterThan(7 * DAY - MINUTE);
    expect(parkedFor).toBeLessThanOrEqual(7 * DAY);

    const result = await handle.result();
    expect(result.outcome).toBe('failure');
    expect(result.reason).toBe(`HTTP 503; gave up after 2 attempts; parked for ${7 * DAY} ms and no operator acted`);
    expect(file.stubs.sendsTo(name)).toHaveLength(2);
    expect(await serverTimeSpan(handle)).toBeGreaterThanOrEqual(7 * DAY + HOUR);
  });

  it('parks a delivery whose last attempt was an error (connection refused), and ends it as an error', async () => {
    const name = unique('Erroring CRM');
    file.stubs.script(name, ['refused']);
    const handle = await start(planFor(name, { retry: { max_attempts: 2, delay: MINUTE }, park: { window: DAY } }));
    const result = await handle.result();
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe('CONNECTION_REFUSED');
    expect(result.reason).toMatch(/gave up after 2 attempts; parked for 86400000 ms and no operator acted$/);
    expect(file.stubs.sendsTo(name)).toHaveLength(2);
  });
});
