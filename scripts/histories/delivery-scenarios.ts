import { retrySignal, giveUpSignal } from '../../src/shared/messages.js';
import type { DeliveryStatus } from '../../src/shared/delivery-status.js';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { receiverDestination, replayLead, type ScenarioContext } from './scenario-context.js';
import { expectPath, waitUntil } from './wait-until.js';

const T = 'deliver-lead';

/** Starts a delivery on the main task queue; its id is `<destination>--<lead id>`. */
async function start(ctx: ScenarioContext, name: string, path: string, extra: Partial<DestinationInput> = {}) {
  const started = await ctx.stack.client.startDelivery(receiverDestination(ctx.stack.receiver.url, name, path, extra), replayLead(`lead-${name}`));
  return started;
}

const statusOf = (ctx: ScenarioContext, id: string) => ctx.stack.client.status(id);
const whenStatus = (ctx: ScenarioContext, id: string, what: string, ok: (s: DeliveryStatus) => boolean) =>
  waitUntil(`${id} ${what}`, async () => {
    const s = await statusOf(ctx, id);
    return ok(s) ? s : undefined;
  });

/** Fails twice (503), two attempts a round: parks after the second attempt, then the third one succeeds. */
async function parkedAfterTwo(ctx: ScenarioContext, name: string) {
  const started = await start(ctx, name, '/leads?fail=2&fail_status=503', { retry: { max_attempts: 2, delay: 50 } });
  await whenStatus(ctx, started.deliveryId, 'parked', (s) => s.parked);
  return started;
}

/**
 * The common case: accepted in the first workflow task, one task in all. On a loaded machine
 * the local activity can outlast 80% of the task timeout, and the SDK then completes the task
 * empty to keep it alive (a history of two tasks, also recorded as what it is): tried up to
 * three times, with a new lead each, for the single-task history.
 */
export async function recordFirstAttempt(ctx: ScenarioContext): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    // A secret in a header: the history holds its reference `${API_KEY}`, never its (fake) value.
    const started = await start(ctx, attempt === 1 ? 'first-attempt' : `first-attempt-${attempt}`, '/leads', { headers: { 'X-API-Key': '${API_KEY}' } });
    const result = await started.result();
    expectPath(result.outcome === 'success' && result.attempts.length === 1, `first attempt: ${result.outcome}`);
    const tasks = (await started.handle.fetchHistory()).events!.filter((e) => e.workflowTaskCompletedEventAttributes).length;
    if (tasks === 1) {
      await ctx.recorder.record(`${T}--first-attempt-success`, started.deliveryId, 'accepted on the first attempt, made in the first (and only) workflow task by the deliverFirstAttempt local activity; a secret header by reference', { state: 'closed' });
      return;
    }
    await ctx.recorder.record(`${T}--first-attempt-success--task-heartbeat-${attempt}`, started.deliveryId, `accepted on the first attempt in the first task, whose local activity outlasted the task heartbeat: ${tasks} workflow tasks`, { state: 'closed' });
  }
  ctx.log('first attempt: no single-task history in three tries (machine too busy?); the heartbeat histories are recorded');
}

async function retryThenSuccess(ctx: ScenarioContext) {
  const started = await start(ctx, 'retry-then-success', '/leads?fail=1&fail_status=503');
  const result = await started.result();
  expectPath(result.attempts.map((a) => a.status).join() === '503,200', `retry: ${JSON.stringify(result.attempts)}`);
  await ctx.recorder.record(`${T}--retry-then-success`, started.deliveryId, 'first attempt (in the task) answered 503; a retry timer; the second attempt (sendLead activity, judgeAttempt local activity) accepted', { state: 'closed' });
}

async function longTimeout(ctx: ScenarioContext) {
  const started = await start(ctx, 'long-timeout', '/leads', { timeout: 15_000 });
  const result = await started.result();
  expectPath(result.outcome === 'success', `long timeout: ${result.outcome}`);
  await ctx.recorder.record(`${T}--long-timeout-success`, started.deliveryId, 'timeout over 10 s: not first-attempt-in-task; renderLead local activity, sendLead activity, judgeAttempt local activity, accepted', { state: 'closed' });
}

async function rejected(ctx: ScenarioContext) {
  const started = await start(ctx, 'rejected', '/status/400');
  const result = await started.result();
  expectPath(result.outcome === 'failure' && result.attempts.length === 1, `rejected: ${result.outcome}`);
  await ctx.recorder.record(`${T}--rejected`, started.deliveryId, 'a 400: a final failure on the first attempt, not retried and not parked', { state: 'closed' });
}

async function skipped(ctx: ScenarioContext) {
  const started = await start(ctx, 'skipped', '/leads', { skip: [{ when: 'score < 90', reason: 'Score below 90' }] });
  const result = await started.result();
  expectPath(result.outcome === 'skipped', `skipped: ${result.outcome}`);
  await ctx.recorder.record(`${T}--skipped`, started.deliveryId, 'a skip rule matched in the first workflow task: nothing sent', { state: 'closed' });
}

async function retryWaitCutShort(ctx: ScenarioContext) {
  const started = await start(ctx, 'retry-now', '/leads?fail=1&fail_status=503', { retry: { max_attempts: 3, delay: 3_600_000 } });
  await whenStatus(ctx, started.deliveryId, 'waiting to retry', (s) => s.state === 'waiting-to-retry');
  await ctx.recorder.record(`${T}--waiting-to-retry--open`, started.deliveryId, 'first attempt answered 503; waiting on an hour-long retry timer (open)', { state: 'open' });
  await ctx.stack.client.retry(started.deliveryId, { requestedBy: 'replay-recorder' });
  const result = await started.result();
  expectPath(result.outcome === 'success' && result.attempts.length === 2, `retry now: ${result.outcome}`);
  await ctx.recorder.record(`${T}--waiting-to-retry--retry-update`, started.deliveryId, 'the retry wait cut short by the retry update; the second attempt accepted', { state: 'closed' });
}

async function parkedRetryByUpdate(ctx: ScenarioContext) {
  const started = await parkedAfterTwo(ctx, 'parked-update');
  await ctx.recorder.record(`${T}--parked--open`, started.deliveryId, 'two 503s exhaust the retries: parked for the default week, waiting for an operator (open)', { state: 'open' });
  await ctx.stack.client.retry(started.deliveryId, { requestedBy: 'replay-recorder' });
  const result = await started.result();
  expectPath(result.outcome === 'success' && result.operatorActions?.[0]?.action === 'retry', `parked retry: ${result.outcome}`);
  await ctx.recorder.record(`${T}--parked--retry-update`, started.deliveryId, 'parked, then retried by the retry update; the third attempt accepted', { state: 'closed' });
}

async function parkedRetryBySignal(ctx: ScenarioContext) {
  const started = await parkedAfterTwo(ctx, 'parked-signal');
  await started.handle.signal(retrySignal, { requestedBy: 'replay-recorder' });
  const result = await started.result();
  expectPath(result.outcome === 'success' && result.operatorActions?.[0]?.action === 'retry', `parked signal: ${result.outcome}`);
  await ctx.recorder.record(`${T}--parked--retry-signal`, started.deliveryId, 'parked, then retried by the retry signal; the third attempt accepted', { state: 'closed' });
}

async function parkedCorrected(ctx: ScenarioContext) {
  const started = await start(ctx, 'parked-corrected', '/status/503', { retry: { max_attempts: 1, delay: 50 } });
  await whenStatus(ctx, started.deliveryId, 'parked', (s) => s.parked);
  await ctx.recorder.record(`${T}--parked-one-attempt--open`, started.deliveryId, 'one attempt a round, answered 503: parked at once (open)', { state: 'open' });
  const corrected = receiverDestination(ctx.stack.receiver.url, 'parked-corrected', '/leads', { retry: { max_attempts: 2, delay: 50 } });
  await ctx.stack.client.retry(started.deliveryId, { destination: corrected, requestedBy: 'replay-recorder' });
  const result = await started.result();
  expectPath(result.outcome === 'success' && result.operatorActions?.[0]?.action === 'retry-with-new-config', `corrected: ${result.outcome}`);
  await ctx.recorder.record(`${T}--parked--retry-corrected-destination`, started.deliveryId, 'parked, then retried with a corrected destination (the update): rendered again, sent to the new URL, accepted', { state: 'closed' });
}

async function parkedGiveUp(ctx: ScenarioContext, how: 'update' | 'signal') {
  const started = await parkedAfterTwo(ctx, `parked-give-up-${how}`);
  if (how === 'update') await ctx.stack.client.abandon(started.deliveryId, 'buyer confirmed receipt by phone', { requestedBy: 'replay-recorder' });
  else await started.handle.signal(giveUpSignal, { reason: 'buyer confirmed receipt by phone', requestedBy: 'replay-recorder' });
  const result = await started.result();
  expectPath(result.operatorActions?.[0]?.action === 'give-up', `give up: ${JSON.stringify(result.operatorActions)}`);
  await ctx.recorder.record(`${T}--parked--give-up-${how}`, started.deliveryId, `parked, then given up by the giveUp ${how}: ends with its last failed outcome and the reason`, { state: 'closed' });
}

async function parkedCancelled(ctx: ScenarioContext) {
  const started = await parkedAfterTwo(ctx, 'parked-cancel');
  await ctx.stack.client.cancel(started.deliveryId);
  const result = await started.result();
  expectPath(result.outcome === 'cancelled', `cancel: ${result.outcome}`);
  await ctx.recorder.record(`${T}--parked--cancel`, started.deliveryId, 'parked, then cancelled: ends as cancelled, its attempts kept', { state: 'closed' });
}

async function parkWindowEnds(ctx: ScenarioContext) {
  const started = await start(ctx, 'park-expires', '/status/503', { retry: { max_attempts: 1, delay: 50 }, park: { window: 1000 } });
  const result = await started.result();
  expectPath(/no operator acted/.test(result.reason), `park window: ${result.reason}`);
  await ctx.recorder.record(`${T}--parked--window-ends`, started.deliveryId, 'parked for a 1 s park window; no operator acted; ends with its failure', { state: 'closed' });
}

async function atMostOnce(ctx: ScenarioContext) {
  const started = await start(ctx, 'at-most-once', '/leads?fail=1&fail_status=503', { at_most_once: true });
  const parked = await whenStatus(ctx, started.deliveryId, 'parked', (s) => s.parked);
  expectPath(parked.lastErrorCode === 'AT_MOST_ONCE_AMBIGUOUS', `at_most_once: ${parked.lastErrorCode}`);
  await ctx.recorder.record(`${T}--at-most-once--parked--open`, started.deliveryId, 'at_most_once: first attempt from the sendLead activity, a 503 is ambiguous: parked at once (open)', { state: 'open' });
  await ctx.stack.client.retry(started.deliveryId, { requestedBy: 'replay-recorder' });
  const result = await started.result();
  expectPath(result.outcome === 'success', `at_most_once retry: ${result.outcome}`);
  await ctx.recorder.record(`${T}--at-most-once--retry-update`, started.deliveryId, 'at_most_once: parked after an ambiguous 503, retried by an operator, accepted', { state: 'closed' });
}

/** Every deliverLead path that needs no lost worker, run side by side. */
export async function recordDeliveries(ctx: ScenarioContext): Promise<void> {
  await Promise.all([
    retryThenSuccess(ctx),
    longTimeout(ctx),
    rejected(ctx),
    skipped(ctx),
    retryWaitCutShort(ctx),
    parkedRetryByUpdate(ctx),
    parkedRetryBySignal(ctx),
    parkedCorrected(ctx),
    parkedGiveUp(ctx, 'update'),
    parkedGiveUp(ctx, 'signal'),
    parkedCancelled(ctx),
    parkWindowEnds(ctx),
    atMostOnce(ctx),
  ]);
}
