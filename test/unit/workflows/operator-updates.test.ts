import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { CONTRACT_VERSION as v } from '../../../src/contract/version.js';
import type { deliverLead } from '../../../src/workflows/deliver-lead.js';
import { giveUpSignal, retrySignal, statusQuery } from '../../../src/shared/messages.js';
import { giveUpUpdate, retryUpdate } from '../../../src/shared/operator-updates.js';
import { waitFor } from '../../helpers/eventually.js';
import { useStubWorker } from '../../helpers/stub-worker.js';
import { DAY, deliveryInput, HOUR, MINUTE, planFor, unique } from './workflow-inputs.js';

// An operator's retry and giveUp (updates, and the signals of the same names) and cancel, on
// parked and waiting deliveries (src/workflows/operator-updates.ts, attempt-loop.ts). The
// server's clock stands still while nothing awaits a result: a parked delivery stays parked
// until the test acts, however slow the machine.
const file = useStubWorker();

type Delivery = WorkflowHandle<typeof deliverLead>;

/** A delivery whose two attempts answered 503 and that is now parked (the minute's retry wait skipped). */
async function parkedDelivery(answersAfter: (number | 'refused')[] = [200]): Promise<{ name: string; handle: Delivery }> {
  const name = unique('Parked CRM');
  file.stubs.script(name, [503, 503, ...answersAfter]);
  const input = deliveryInput(planFor(name, { retry: { max_attempts: 2, delay: MINUTE } }));
  const handle = await file.env.client.workflow.start<typeof deliverLead>('deliverLead', { taskQueue: file.taskQueue, workflowId: input.deliveryId, args: [input] });
  await waitFor('the first attempt', () => handle.query(statusQuery), (s) => s.state === 'waiting-to-retry');
  await file.env.sleep(MINUTE);
  await waitFor('the delivery parked', () => handle.query(statusQuery), (s) => s.parked);
  return { name, handle };
}

async function refusal(update: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await update.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

describe('operator actions on a parked delivery', () => {
  it('the retry update wakes it with a fresh budget and says so; the record names who asked', async () => {
    const { name, handle } = await parkedDelivery();
    const answer = await handle.executeUpdate(retryUpdate, { args: [{ v, requestedBy: 'ops@example.com' }] });
    expect(answer).toMatchObject({ action: 'retry', state: 'parked', attempts: 2 });
    expect(answer.message).toBe('Retrying now: attempt 3 starts, with a fresh budget of 2 attempts.');
    const result = await handle.result();
    expect(result.outcome).toBe('success');
    expect(result.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(result.operatorActions).toEqual([expect.objectContaining({ action: 'retry', requestedBy: 'ops@example.com' })]);
    expect(file.stubs.sendsTo(name)).toHaveLength(3);
  });

  it('the retry signal wakes it too', async () => {
    const { handle } = await parkedDelivery();
    await handle.signal(retrySignal, { v });
    const result = await handle.result();
    expect(result.outcome).toBe('success');
    expect(result.attempts).toHaveLength(3);
    expect(result.operatorActions).toEqual([expect.objectContaining({ action: 'retry' })]);
  });

  it('a retry with a corrected destination sends there from the next attempt on', async () => {
    const { name, handle } = await parkedDelivery([503]);
    const corrected = planFor(unique('Corrected CRM'), { url: 'https://fixed.example.com/leads', retry: { max_attempts: 4, delay: MINUTE } });
    file.stubs.script(corrected.name, [200]);
    const answer = await handle.executeUpdate(retryUpdate, { args: [{ v, plan: corrected }] });
    expect(answer.action).toBe('retry-with-new-config');
    expect(answer.message).toBe('Retrying now: attempt 3 starts with the corrected destination, with a fresh budget of 4 attempts.');
    const result = await handle.result();
    expect(result.outcome).toBe('success');
    expect(result.destination).toBe(corrected.name);
    expect(result.attempts.at(-1)?.url).toBe('https://fixed.example.com/leads');
    expect(file.stubs.sendsTo(name)).toHaveLength(2);
    expect(file.stubs.sendsTo(corrected.name)).toHaveLength(1);
    expect(result.operatorActions).toEqual([expect.objectContaining({ action: 'retry-with-new-config' })]);
  });

  it('refuses a corrected destination that is not valid, by path, and stays parked', async () => {
    const { name, handle } = await parkedDelivery();
    const failure = await refusal(handle.executeUpdate(retryUpdate, { args: [{ destination: { name: 'Broken', url: 'ftp://crm.example.com/leads' } }] }));
    expect(failure.type).toBe('CONFIG_INVALID');
    expect(failure.message).toMatch(/url/);
    expect((await handle.query(statusQuery)).state).toBe('parked');
    expect(file.stubs.sendsTo(name)).toHaveLength(2);
    await handle.executeUpdate(giveUpUpdate, { args: [{ v, reason: 'cleanup' }] });
    await handle.result();
  });

  it('the giveUp update ends it now with its last failure and the reason in the record; nothing more is sent', async () => {
    const { name, handle } = await parkedDelivery();
    const answer = await handle.executeUpdate(giveUpUpdate, { args: [{ v, reason: 'the buyer closed the account', requestedBy: 'ops' }] });
    expect(answer.message).toBe('Given up: the delivery ends now as failure, with this reason in its record.');
    const result = await handle.result();
    expect(result.outcome).toBe('failure');
    expect(result.reason).toBe('Given up by an operator: the buyer closed the account (last attempt: HTTP 503)');
    expect(result.operatorActions).toEqual([expect.objectContaining({ action: 'give-up', reason: 'the buyer closed the account', requestedBy: 'ops' })]);
    expect(file.stubs.sendsTo(name)).toHaveLength(2);
  });

  it('the giveUp signal ends it too', async () => {
    const { handle } = await parkedDelivery();
    await handle.signal(giveUpSignal, { v, reason: 'duplicate lead' });
    const result = await handle.result();
    expect(result.reason).toBe('Given up by an operator: duplicate lead (last attempt: HTTP 503)');
  });

  it('refuses a giveUp without a reason, and stays parked', async () => {
    const { name, handle } = await parkedDelivery();
    const noReason = await refusal(handle.executeUpdate(giveUpUpdate, { args: [{ v, reason: ' ' }] }));
    expect(noReason.type).toBe('REASON_MISSING');
    expect((await handle.query(statusQuery)).state).toBe('parked');
    expect(file.stubs.sendsTo(name)).toHaveLength(2);
    await handle.executeUpdate(giveUpUpdate, { args: [{ v, reason: 'cleanup' }] });
    await handle.result();
  });

  it('cancelling it ends it as cancelled, with its attempts in the record', async () => {
    const { name, handle } = await parkedDelivery();
    await handle.cancel();
    const result = await handle.result();
    expect(result.outcome).toBe('cancelled');
    expect(result.reason).toBe('Cancelled by an operator');
    expect(result.attempts).toHaveLength(2);
    expect(file.stubs.sendsTo(name)).toHaveLength(2);
  });
});

describe('operator actions on a delivery waiting to retry', () => {
  it('the retry update cuts a day\'s wait short: the next attempt starts now', async () => {
    const name = unique('Waiting CRM');
    file.stubs.script(name, [503, 200]);
    const input = deliveryInput(planFor(name, { retry: { max_attempts: 3, delay: DAY } }));
    const handle = await file.env.client.workflow.start<typeof deliverLead>('deliverLead', { taskQueue: file.taskQueue, workflowId: input.deliveryId, args: [input] });
    const waiting = await waitFor('waiting a day to retry', () => handle.query(statusQuery), (s) => s.state === 'waiting-to-retry');
    const before = await file.env.currentTimeMs();
    const answer = await handle.executeUpdate(retryUpdate, { args: [{ v }] });
    expect(answer.message).toBe(`Retrying now: attempt 2 starts instead of at ${waiting.nextAttemptAt}.`);
    await waitFor('the second attempt', () => handle.query(statusQuery), (s) => s.state === 'done');
    // Sent well before the day was up: the server's clock barely moved.
    expect((await file.env.currentTimeMs()) - before).toBeLessThan(HOUR);
    const result = await handle.result();
    expect(result.outcome).toBe('success');
    expect(result.attempts.map((a) => a.status)).toEqual([503, 200]);
  });
});
