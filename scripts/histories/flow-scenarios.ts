import type { DestinationInput } from '../../src/config/destination-schema.js';
import type { FlowInput } from '../../src/config/flow-schema.js';
import { parseFlow } from '../../src/config/load-flow.js';
import { capWorkflowIdFor, childDeliveryIdFor } from '../../src/core/flows/flow-ids.js';
import { receiverDestination, replayLead, type ScenarioContext } from './scenario-context.js';
import { expectPath, waitUntil } from './wait-until.js';

const T = 'distribute-lead';

/** A buyer's post: one try, the price read from `price`. */
const post = (ctx: ScenarioContext, name: string, path: string, extra: Partial<DestinationInput> = {}) =>
  receiverDestination(ctx.stack.receiver.url, `${name} post`, path, { retry: { max_attempts: 1 }, price: 'price', ...extra });

/** A buyer's ping: only the zip, the bid read from `bid`. */
const ping = (ctx: ScenarioContext, name: string, path: string, extra: Partial<DestinationInput> = {}) =>
  receiverDestination(ctx.stack.receiver.url, `${name} ping`, path, { retry: { max_attempts: 1 }, body: { format: 'json', mapping: { zip: 'zip' } }, price: 'bid', response_parser: { ping_id: 'ping_id' }, ...extra });

async function distribute(ctx: ScenarioContext, flowInput: FlowInput, leadId: string) {
  const started = await ctx.stack.client.startDistribution(await parseFlow(flowInput), replayLead(leadId));
  return { id: started.distributionId, result: await started.result() };
}

/** Waits until a workflow has ended (a child cancelled or terminated at its parent's close). */
const closed = (ctx: ScenarioContext, workflowId: string) =>
  waitUntil(`${workflowId} to close`, async () => (await ctx.stack.temporal.workflow.getHandle(workflowId).describe()).status.name !== 'RUNNING');

/** all, max_buyers 2: A buys, B rejects (a failed child post), so C is offered in a second round; D's skip rule leaves it out. */
async function fanOut(ctx: ScenarioContext): Promise<void> {
  const { id, result } = await distribute(ctx, {
    name: 'replay-all',
    strategy: 'all',
    max_buyers: 2,
    buyers: [
      { name: 'all-a', destination: post(ctx, 'all-a', '/leads?buyer=all-a') },
      { name: 'all-b', destination: post(ctx, 'all-b', '/status/400?buyer=all-b') },
      { name: 'all-c', destination: post(ctx, 'all-c', '/leads?buyer=all-c') },
      { name: 'all-d', destination: post(ctx, 'all-d', '/leads?buyer=all-d', { skip: [{ when: 'score < 90', reason: 'Score below 90' }] }) },
    ],
  }, 'lead-all');
  expectPath(result.soldTo.slice().sort().join() === 'all-a,all-c', `all: ${result.soldTo.join()}`);
  await ctx.recorder.record(`${T}--all--rejection-makes-room`, id, 'all (max_buyers 2): buyerEligibility skips D; A accepts, B rejects (400), C is offered in the next round and accepts', { state: 'closed' });
  await ctx.recorder.record('deliver-lead--child-post-rejected', childDeliveryIdFor(id, 'all-b', 'post'), "a distribution's child post, rejected with a 400", { state: 'closed' });
}

/** in_order: A rejects; B (cap 1 a day) buys the first lead, is full for the second, which falls through to C. */
async function waterfall(ctx: ScenarioContext): Promise<void> {
  const flow: FlowInput = {
    name: 'replay-in-order',
    strategy: 'in_order',
    buyers: [
      { name: 'order-a', destination: post(ctx, 'order-a', '/status/400?buyer=order-a') },
      { name: 'order-b', destination: post(ctx, 'order-b', '/leads?buyer=order-b'), caps: { per_day: 1 } },
      { name: 'order-c', destination: post(ctx, 'order-c', '/leads?buyer=order-c') },
    ],
  };
  const first = await distribute(ctx, flow, 'lead-in-order-1');
  expectPath(first.result.winner === 'order-b', `in_order 1: ${first.result.winner}`);
  await ctx.recorder.record(`${T}--in-order--fall-through-capped`, first.id, 'in_order: A rejects (400), capped B reserves a place, buys, confirms; C is not offered', { state: 'closed' });
  const second = await distribute(ctx, flow, 'lead-in-order-2');
  expectPath(second.result.winner === 'order-c' && /cap reached/.test(second.result.buyers[1]?.skipped ?? ''), `in_order 2: ${second.result.winner}`);
  await ctx.recorder.record(`${T}--in-order--cap-full`, second.id, "in_order: A rejects, B's cap is full (reservation refused), C buys", { state: 'closed' });
  await ctx.recorder.record('buyer-caps--confirmed--open', capWorkflowIdFor('order-b'), 'a cap entity workflow: one place reserved and confirmed, one reservation refused (open)', { state: 'open' });
}

/**
 * ping_post: D's ping skip rule leaves it out; C bids high but too late (its ping is cut at its
 * own bid window, ping_timeout from its send); capped B wins, its post is rejected and its place released; A buys.
 */
async function auction(ctx: ScenarioContext): Promise<void> {
  const { id, result } = await distribute(ctx, {
    name: 'replay-ping-post',
    strategy: 'ping_post',
    // Room for the prompt pings on a loaded machine; C's ping (an activity with a 60 s timeout) is still out at the deadline.
    ping_timeout: 15_000,
    buyers: [
      { name: 'pp-a', ping: ping(ctx, 'pp-a', '/ping?bid=10&buyer=pp-a'), destination: post(ctx, 'pp-a', '/leads?buyer=pp-a') },
      { name: 'pp-b', ping: ping(ctx, 'pp-b', '/ping?bid=30&buyer=pp-b'), destination: post(ctx, 'pp-b', '/status/422?buyer=pp-b'), caps: { per_day: 5 } },
      { name: 'pp-c', ping: ping(ctx, 'pp-c', '/ping?bid=99&sleep=120000&buyer=pp-c', { timeout: 60_000 }), destination: post(ctx, 'pp-c', '/leads?buyer=pp-c') },
      { name: 'pp-d', ping: ping(ctx, 'pp-d', '/ping?bid=50&buyer=pp-d', { skip: [{ when: 'score < 90', reason: 'Score below 90' }] }), destination: post(ctx, 'pp-d', '/leads?buyer=pp-d') },
    ],
  }, 'lead-ping-post');
  const posts = result.posts.map((p) => `${p.buyer}:${p.outcome}`).join();
  expectPath(result.winner === 'pp-a' && posts === 'pp-b:failure,pp-a:success' && /ping_timeout/.test(result.buyers[2]?.skipped ?? ''), `ping_post: ${result.winner} ${posts}`);
  await ctx.recorder.record(`${T}--ping-post--timeout-fall-through`, id, "ping_post: D skipped by its ping's rule; capHasRoom for B; C's ping outlasts its bid window and ends as TIMEOUT; B wins, reserves, its post is rejected (422), its place released; A's bid is posted and accepted", { state: 'closed' });
  const late = childDeliveryIdFor(id, 'pp-c', 'ping');
  await closed(ctx, late);
  await ctx.recorder.record('deliver-lead--child-ping-window', late, 'a ping child whose answer did not come within its bid window (ping_timeout from its own send): cut there, TIMEOUT', { state: 'closed' });
  await ctx.recorder.record('buyer-caps--released--open', capWorkflowIdFor('pp-b'), 'a cap entity workflow whose one reservation was released after a rejected post (open)', { state: 'open' });
}

/** ping_post still waiting on a bid: the ping is an activity (timeout 60 s) the receiver holds for two minutes. */
async function auctionWaiting(ctx: ScenarioContext): Promise<void> {
  const flow = await parseFlow({
    name: 'replay-ping-post-open',
    strategy: 'ping_post',
    ping_timeout: 600_000,
    buyers: [{ name: 'wait-a', ping: ping(ctx, 'wait-a', '/ping?bid=10&sleep=120000&buyer=wait-a', { timeout: 60_000 }), destination: post(ctx, 'wait-a', '/leads?buyer=wait-a') }],
  } satisfies FlowInput);
  const started = await ctx.stack.client.startDistribution(flow, replayLead('lead-ping-post-open'));
  await waitUntil('the open auction ping to reach the receiver', async () => ctx.stack.receiver.requests.some((r) => r.url.includes('buyer=wait-a')));
  await ctx.recorder.record(`${T}--ping-post--waiting-for-bids--open`, started.distributionId, 'ping_post still waiting for a bid: its ping child is sending, the ping_timeout timer runs (open)', { state: 'open' });
  await ctx.recorder.record('deliver-lead--child-ping-sending--open', childDeliveryIdFor(started.distributionId, 'wait-a', 'ping'), 'a ping child with a 60 s timeout, its sendLead activity in flight (open)', { state: 'open' });
}

export async function recordFlows(ctx: ScenarioContext): Promise<void> {
  await Promise.all([fanOut(ctx), waterfall(ctx), auction(ctx), auctionWaiting(ctx)]);
}
