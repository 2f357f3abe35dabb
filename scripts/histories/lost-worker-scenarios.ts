import { randomUUID } from 'node:crypto';
import type { LeadwireClient } from '../../src/client/index.js';
import { receiverDestination, replayLead, type ScenarioContext } from './scenario-context.js';
import { expectPath, waitUntil } from './wait-until.js';

const T = 'deliver-lead';

/**
 * The WORKER_LOST paths: a worker in its own process takes the deliveries, is SIGKILLed while
 * the receiver holds their requests unanswered, and an in-process worker takes over.
 * - the first attempt, lost inside the first workflow task (its local activity);
 * - an at_most_once send activity, lost: it times out, is judged WORKER_LOST and parks.
 */
export async function recordLostWorkers(ctx: ScenarioContext): Promise<void> {
  const taskQueue = `record-lost-${randomUUID()}`;
  const client: LeadwireClient = await ctx.stack.clientFor(taskQueue);
  const doomed = ctx.stack.startWorkerProcess(taskQueue);
  try {
    await killMidRequest(ctx, client, doomed, taskQueue);
  } finally {
    await doomed.kill();
  }
}

async function killMidRequest(ctx: ScenarioContext, client: LeadwireClient, doomed: { kill(): Promise<void> }, taskQueue: string): Promise<void> {
  const url = ctx.stack.receiver.url;
  const first = await client.startDelivery(receiverDestination(url, 'lost-first-attempt', '/leads?sleep=1500', { timeout: 3000 }), replayLead('lead-lost-first-attempt'));
  const amo = await client.startDelivery(receiverDestination(url, 'lost-at-most-once', '/leads?sleep=1500', { timeout: 3000, at_most_once: true }), replayLead('lead-lost-at-most-once'));
  const sentTo = (id: string) => ctx.stack.receiver.requests.filter((r) => r.headers['idempotency-key'] === id).length;
  await waitUntil('both requests to reach the receiver from the doomed worker', async () => sentTo(first.deliveryId) > 0 && sentTo(amo.deliveryId) > 0, 180_000);
  await doomed.kill();
  ctx.log('lost-worker: worker killed mid-request; waiting for the timeouts (about 20 s)');
  await ctx.stack.startWorker(taskQueue);

  const result = await first.result();
  expectPath(result.attempts.map((a) => a.errorCode ?? a.status).join() === 'WORKER_LOST,200', `lost first attempt: ${JSON.stringify(result.attempts)}`);
  await ctx.recorder.record(`${T}--worker-lost-first-attempt`, first.deliveryId, 'the worker was SIGKILLed during the first attempt in the first workflow task: the task timed out, the next worker judged it WORKER_LOST, the retry was accepted', { state: 'closed' });

  const parked = await waitUntil(`${amo.deliveryId} parked`, async () => {
    const s = await client.status(amo.deliveryId);
    return s.parked ? s : undefined;
  });
  const lost = parked.attempts[0];
  expectPath(lost?.errorCode === 'AT_MOST_ONCE_AMBIGUOUS' && /WORKER_LOST/.test(lost.reason), `lost send activity: ${JSON.stringify(parked.attempts)}`);
  await ctx.recorder.record(`${T}--at-most-once--worker-lost--open`, amo.deliveryId, 'at_most_once: the worker was SIGKILLed during the sendLead activity; the activity timed out, judged WORKER_LOST, parked (open)', { state: 'open' });
  await client.abandon(amo.deliveryId, 'buyer confirmed receipt', { requestedBy: 'replay-recorder' });
  const ended = await amo.result();
  expectPath(ended.operatorActions?.[0]?.action === 'give-up', `amo give up: ${ended.outcome}`);
  await ctx.recorder.record(`${T}--at-most-once--worker-lost--give-up`, amo.deliveryId, 'at_most_once, send activity lost (WORKER_LOST), parked, given up by the giveUp update', { state: 'closed' });
}
