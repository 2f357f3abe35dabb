import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import type { FlowInput } from '../../src/config/flow-schema.js';
import { loadFlowFile, parseFlow } from '../../src/config/load-flow.js';
import { parseDestination } from '../../src/config/parse-destination.js';
import { distributionIdFor } from '../../src/core/flows/distribution-id.js';
import type { Flow } from '../../src/config/loaded-flow.js';
import { capWorkflowIdFor, childDeliveryIdFor } from '../../src/core/flows/flow-ids.js';
import { EXAMPLE_HOST, exampleLead } from '../helpers/example-destination.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';
import { until } from '../helpers/eventually.js';

const { harness, receiver } = useHarnessAndReceiver();

const lead = (id: string, extra: Record<string, unknown> = {}) => ({ id, email: 'jane@example.com', zip: '30301', score: 80, ...extra });
// Buyer names are global (their caps live in `cap:<buyer>`): each test gets its own.
const uniq = () => randomUUID().slice(0, 8);

/** A buyer's post: the receiver at `path`, one try, the lead id and any mapping. */
const post = (name: string, path: string, extra: Partial<DestinationInput> = {}): DestinationInput => ({
  name,
  url: `${receiver.url}${path}`,
  allow_insecure_http: true,
  timeout: 10_000,
  retry: { max_attempts: 1 },
  price: 'price',
  ...extra,
});

/** A buyer's ping: a subset of the lead, and the bid read from `bid`, the ping id from `ping_id`. */
const ping = (name: string, path: string, extra: Partial<DestinationInput> = {}): DestinationInput => ({
  name: `${name} ping`,
  url: `${receiver.url}${path}`,
  allow_insecure_http: true,
  timeout: 10_000,
  retry: { max_attempts: 1 },
  body: { format: 'json', mapping: { zip: 'zip' } },
  price: 'bid',
  response_parser: { ping_id: 'ping_id' },
  ...extra,
});

const requestsTo = (marker: string) => receiver.requests.filter((r) => r.url.includes(marker));
/**
 * The ping_timeout of an auction whose buyers all answer: the auction closes when the last one
 * does, so this costs nothing, and a slow machine cannot make an answering buyer late.
 */
const ALL_ANSWER_MS = 120_000;

describe('flows on a real Temporal server', () => {
  it('all: fans a shared lead out to every eligible buyer; a skip rule leaves one out, with its reason', async () => {
    const t = uniq();
    const flow = await parseFlow({
      name: `fan-${t}`,
      strategy: 'all',
      buyers: [
        { name: `a-${t}`, destination: post(`A ${t}`, `/leads?buyer=a-${t}`) },
        { name: `b-${t}`, destination: post(`B ${t}`, `/leads?buyer=b-${t}`) },
        { name: `c-${t}`, destination: post(`C ${t}`, `/leads?buyer=c-${t}`, { skip: [{ when: 'score < 90', reason: 'Score too low for C' }] }) },
      ],
    } satisfies FlowInput);
    const result = await harness.client.distribute(flow, lead(`fan-${t}`));
    expect(result.outcome).toBe('sold');
    expect(result.sale).toBe('shared');
    expect(result.soldTo.sort()).toEqual([`a-${t}`, `b-${t}`]);
    expect(result.buyers.find((b) => b.buyer === `c-${t}`)).toMatchObject({ eligible: false, sold: false, skipped: 'skip rule: Score too low for C' });
    expect(requestsTo(`buyer=a-${t}`)).toHaveLength(1);
    expect(requestsTo(`buyer=b-${t}`)).toHaveLength(1);
    expect(requestsTo(`buyer=c-${t}`)).toHaveLength(0);
  });

  it('all: max_buyers counts buyers that accepted: a rejection makes room for the next eligible buyer', async () => {
    const t = uniq();
    const flow = await parseFlow({
      name: `max-${t}`,
      strategy: 'all',
      max_buyers: 2,
      buyers: [
        { name: `a-${t}`, destination: post(`a ${t}`, `/leads?buyer=a-${t}`) },
        { name: `b-${t}`, destination: post(`b ${t}`, `/status/400?buyer=b-${t}`) },
        { name: `c-${t}`, destination: post(`c ${t}`, `/leads?buyer=c-${t}`) },
        { name: `d-${t}`, destination: post(`d ${t}`, `/leads?buyer=d-${t}`) },
      ],
    } satisfies FlowInput);
    const result = await harness.client.distribute(flow, lead(`max-${t}`));
    expect(result.soldTo.sort()).toEqual([`a-${t}`, `c-${t}`]);
    expect(result.posts.map((p) => p.buyer).sort()).toEqual([`a-${t}`, `b-${t}`, `c-${t}`]);
    expect(result.buyers[3]).toMatchObject({ eligible: false, sold: false, skipped: `not offered: max_buyers 2 reached (sold to a-${t}, c-${t})` });
    expect(requestsTo(`buyer=d-${t}`)).toHaveLength(0);
  });

  it('all: max_buyers counts eligible buyers: with the first buyer skipped by its rules, it still sells to 2', async () => {
    const t = uniq();
    const flow = await parseFlow({
      name: `maxe-${t}`,
      strategy: 'all',
      max_buyers: 2,
      buyers: [
        { name: `a-${t}`, destination: post(`a ${t}`, `/leads?buyer=a-${t}`, { skip: [{ when: 'score < 90', reason: 'Score too low for A' }] }) },
        { name: `b-${t}`, destination: post(`b ${t}`, `/leads?buyer=b-${t}`) },
        { name: `c-${t}`, destination: post(`c ${t}`, `/leads?buyer=c-${t}`) },
        { name: `d-${t}`, destination: post(`d ${t}`, `/leads?buyer=d-${t}`) },
      ],
    } satisfies FlowInput);
    const result = await harness.client.distribute(flow, lead(`maxe-${t}`));
    expect(result.soldTo.sort()).toEqual([`b-${t}`, `c-${t}`]);
    expect(result.buyers[0]).toMatchObject({ eligible: false, skipped: 'skip rule: Score too low for A' });
    expect(requestsTo(`buyer=a-${t}`)).toHaveLength(0);
    expect(requestsTo(`buyer=d-${t}`)).toHaveLength(0);
  });

  it('eligibility: a buyer whose skip rule matches is never posted to and never holds a cap place', async () => {
    const t = uniq();
    const flow = await parseFlow({
      name: `elig-${t}`,
      strategy: 'all',
      buyers: [
        { name: `a-${t}`, destination: post(`a ${t}`, `/leads?buyer=a-${t}`) },
        {
          name: `s-${t}`,
          destination: post(`s ${t}`, `/leads?buyer=s-${t}`, { skip: [{ when: 'zip != "10001"', reason: 'New York only' }] }),
          caps: { per_day: 1 },
        },
      ],
    } satisfies FlowInput);
    const result = await harness.client.distribute(flow, lead(`elig-${t}`));
    expect(result.soldTo).toEqual([`a-${t}`]);
    expect(result.buyers[1]).toMatchObject({ eligible: false, sold: false, skipped: 'skip rule: New York only' });
    expect(result.buyers[1]!.post).toBeUndefined();
    // No child delivery was started for it, and its cap ledger was never asked for a place.
    await expect(harness.temporal.workflow.getHandle(childDeliveryIdFor(result.distributionId, `s-${t}`, 'post')).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    await expect(harness.temporal.workflow.getHandle(capWorkflowIdFor(`s-${t}`)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('eligibility: ping_post does not ping a buyer whose skip rule matches', async () => {
    const t = uniq();
    const flow = await parseFlow({
      name: `eligp-${t}`,
      strategy: 'ping_post',
      ping_timeout: ALL_ANSWER_MS,
      buyers: [
        { name: `a-${t}`, ping: ping(`A ${t}`, `/ping?bid=10&buyer=a-${t}`), destination: post(`A ${t}`, `/leads?buyer=a-${t}`) },
        {
          name: `s-${t}`,
          ping: ping(`S ${t}`, `/ping?bid=50&buyer=s-${t}`),
          destination: post(`S ${t}`, `/leads?buyer=s-${t}`, { skip: [{ when: 'zip != "10001"', reason: 'New York only' }] }),
          caps: { per_day: 1 },
        },
      ],
    } satisfies FlowInput);
    const result = await harness.client.distribute(flow, lead(`eligp-${t}`));
    expect(result.winner).toBe(`a-${t}`);
    expect(result.buyers[1]).toMatchObject({ eligible: false, skipped: 'skip rule: New York only' });
    expect(result.buyers[1]!.ping).toBeUndefined();
    await expect(harness.temporal.workflow.getHandle(childDeliveryIdFor(result.distributionId, `s-${t}`, 'ping')).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect(requestsTo(`buyer=s-${t}`)).toHaveLength(0);
  });

  it('in_order: a waterfall stops at the first buyer that accepts; a rejection moves to the next', async () => {
    const t = uniq();
    const flow = await parseFlow({
      name: `wf-${t}`,
      strategy: 'in_order',
      buyers: [
        { name: `a-${t}`, destination: post(`A ${t}`, `/status/400?buyer=a-${t}`) },
        { name: `b-${t}`, destination: post(`B ${t}`, `/leads?buyer=b-${t}`) },
        { name: `c-${t}`, destination: post(`C ${t}`, `/leads?buyer=c-${t}`) },
      ],
    } satisfies FlowInput);
    const started = await harness.client.startDistribution(flow, lead(`wf-${t}`));
    const result = await started.result();
    expect(result).toMatchObject({ outcome: 'sold', sale: 'exclusive', winner: `b-${t}`, soldTo: [`b-${t}`] });
    expect(result.posts.map((p) => [p.buyer, p.outcome])).toEqual([
      [`a-${t}`, 'failure'],
      [`b-${t}`, 'success'],
    ]);
    expect(result.buyers[2]).toMatchObject({ sold: false, skipped: expect.stringMatching(/already sold/) });
    expect(requestsTo(`buyer=c-${t}`)).toHaveLength(0);
    // Each post is a child deliverLead workflow of the distribution, with an id derived from it.
    const child = await harness.temporal.workflow.getHandle(result.posts[1]!.deliveryId).describe();
    expect(child.type).toBe('deliverLead');
    expect(child.parentExecution?.workflowId).toBe(started.distributionId);
    expect(result.posts[1]!.deliveryId).toBe(`${started.distributionId}--b-${t}--post`);
    // Starting the same lead again finds the same distribution: no second waterfall.
    expect((await harness.client.startDistribution(flow, lead(`wf-${t}`))).started).toBe(false);
  });

  it('ping_post: posts to the best bid above the floor, with values from that buyer’s ping response', async () => {
    const t = uniq();
    const flow = await parseFlow({
      name: `pp-${t}`,
      strategy: 'ping_post',
      ping_timeout: ALL_ANSWER_MS,
      floor: 8,
      buyers: [
        { name: `a-${t}`, ping: ping(`A ${t}`, `/ping?bid=10&buyer=a-${t}`), destination: post(`A ${t}`, `/leads?buyer=a-${t}`) },
        {
          name: `b-${t}`,
          ping: ping(`B ${t}`, `/ping?bid=20.5&buyer=b-${t}`),
          destination: post(`B ${t}`, `/leads?buyer=b-${t}`, {
            body: { format: 'json', mapping: { ping_id: { $template: '{{ ping.fields.ping_id }}' }, email: 'email', agreed: 'ping.price' } },
          }),
        },
        { name: `c-${t}`, ping: ping(`C ${t}`, `/ping?bid=5&buyer=c-${t}`), destination: post(`C ${t}`, `/leads?buyer=c-${t}`) },
      ],
    } satisfies FlowInput);
    const result = await harness.client.distribute(flow, lead(`pp-${t}`));
    expect(result).toMatchObject({ outcome: 'sold', winner: `b-${t}`, salePrice: 20.5 });
    expect(result.bids.map((b) => [b.buyer, b.price])).toEqual([
      [`b-${t}`, 20.5],
      [`a-${t}`, 10],
    ]);
    expect(result.buyers.find((b) => b.buyer === `c-${t}`)!.skipped).toBe('bid 5 is below the floor 8');
    expect(result.buyers.find((b) => b.buyer === `a-${t}`)!.skipped).toMatch(/outbid: sold to b-/);
    // The ping carried only the zip; the post carried the ping's own ping_id back.
    const pingBody = JSON.parse(requestsTo(`bid=20.5&buyer=b-${t}`)[0]!.body);
    expect(pingBody).toEqual({ zip: '30301' });
    const posted = requestsTo(`/leads?buyer=b-${t}`);
    expect(posted).toHaveLength(1);
    expect(JSON.parse(posted[0]!.body)).toEqual({ ping_id: result.bids[0]!.fields.ping_id, email: 'jane@example.com', agreed: 20.5 });
    expect(result.bids[0]!.fields.ping_id).toMatch(/^ping-/);
    expect(requestsTo(`/leads?buyer=a-${t}`)).toHaveLength(0);
    expect(requestsTo(`/leads?buyer=c-${t}`)).toHaveLength(0);
  });

  it('ping_post: a rejected post falls through to the next bid', async () => {
    const t = uniq();
    const flow = await parseFlow({
      name: `ft-${t}`,
      strategy: 'ping_post',
      ping_timeout: ALL_ANSWER_MS,
      buyers: [
        { name: `a-${t}`, ping: ping(`A ${t}`, `/ping?bid=10&buyer=a-${t}`), destination: post(`A ${t}`, `/leads?buyer=a-${t}`) },
        { name: `b-${t}`, ping: ping(`B ${t}`, `/ping?bid=30&buyer=b-${t}`), destination: post(`B ${t}`, `/status/422?buyer=b-${t}`) },
      ],
    } satisfies FlowInput);
    const result = await harness.client.distribute(flow, lead(`ft-${t}`));
    expect(result).toMatchObject({ outcome: 'sold', winner: `a-${t}`, salePrice: 10 });
    expect(result.posts.map((p) => [p.buyer, p.outcome])).toEqual([
      [`b-${t}`, 'failure'],
      [`a-${t}`, 'success'],
    ]);
  });

  it('ping_post: a bid that expires (bid_ttl) while a better buyer’s post is under way is not posted to', async () => {
    const t = uniq();
    const flow = await parseFlow({
      name: `ttl-${t}`,
      strategy: 'ping_post',
      ping_timeout: ALL_ANSWER_MS,
      bid_ttl: 1000,
      buyers: [
        { name: `a-${t}`, ping: ping(`A ${t}`, `/ping?bid=10&buyer=a-${t}`), destination: post(`A ${t}`, `/leads?buyer=a-${t}`) },
        // B wins, then takes 2.5 s to reject: by then A's bid has expired.
        { name: `b-${t}`, ping: ping(`B ${t}`, `/ping?bid=30&buyer=b-${t}`), destination: post(`B ${t}`, `/status/422?sleep=2500&buyer=b-${t}`) },
      ],
    } satisfies FlowInput);
    const result = await harness.client.distribute(flow, lead(`ttl-${t}`));
    expect(result.outcome).toBe('unsold');
    expect(result.posts.map((p) => p.buyer)).toEqual([`b-${t}`]);
    expect(result.buyers.find((b) => b.buyer === `a-${t}`)!.skipped).toMatch(/^bid expired at .* \(bid_ttl 1000 ms\) before its turn$/);
    expect(requestsTo(`/leads?buyer=a-${t}`)).toHaveLength(0);
  });

  it('ping_post: a buyer that answers after ping_timeout is not counted, however high its bid, and its retries do not extend its window', async () => {
    const t = uniq();
    // B's ping server takes the request and never answers (until the test closes it), so B is
    // late whatever the machine's speed; A has all of ping_timeout to answer.
    let lateRequests = 0;
    const late = http.createServer((req) => {
      lateRequests++;
      req.resume();
    });
    await new Promise<void>((r) => late.listen(0, '127.0.0.1', r));
    const lateUrl = `http://127.0.0.1:${(late.address() as AddressInfo).port}/ping?bid=99&buyer=b-${t}`;
    try {
      const flow = await parseFlow({
        name: `late-${t}`,
        strategy: 'ping_post',
        ping_timeout: 8000,
        buyers: [
          { name: `a-${t}`, ping: ping(`A ${t}`, `/ping?bid=10&buyer=a-${t}`), destination: post(`A ${t}`, `/leads?buyer=a-${t}`) },
          // Its own timeout is longer, and it would try three times: the window still cuts it at 8 s from its send.
          { name: `b-${t}`, ping: ping(`B ${t}`, '/unused', { url: lateUrl, timeout: 60_000, retry: { max_attempts: 3, delay: 100 } }), destination: post(`B ${t}`, `/leads?buyer=b-${t}`) },
        ],
      } satisfies FlowInput);
      const result = await harness.client.distribute(flow, lead(`late-${t}`));
      expect(result).toMatchObject({ outcome: 'sold', winner: `a-${t}` });
      expect(result.bids.map((b) => b.buyer)).toEqual([`a-${t}`]);
      const b = result.buyers.find((r) => r.buyer === `b-${t}`)!;
      expect(b).toMatchObject({ sold: false, skipped: 'no bid within ping_timeout (8000 ms)', ping: { outcome: 'error' } });
      expect(b.ping!.reason).toMatch(/^No complete response within the 8000 ms timeout\..*no time left in its bid window \(ping_timeout 8000 ms from its send\): gave up after 1 attempt$/);
      // B's ping ended at its window, not at the auction's deadline (46 s by default): one request, cut at 8 s.
      expect(lateRequests).toBe(1);
      const bPing = await harness.client.result(b.ping!.deliveryId);
      expect(bPing.errorCode).toBe('TIMEOUT');
      const attempts = bPing.attempts;
      expect(attempts).toHaveLength(1);
      expect(attempts[0]!.durationMs).toBeGreaterThanOrEqual(7900);
      expect(requestsTo(`/leads?buyer=b-${t}`)).toHaveLength(0);
    } finally {
      // B's ping (cancelled with the auction) ends when its connection does.
      late.closeAllConnections();
      await new Promise<void>((r) => late.close(() => r()));
    }
  });

  it('caps: 20 leads at once against a cap of 5 per day sell exactly 5 to that buyer; the rest go on to the next', async () => {
    const t = uniq();
    const flow = await parseFlow({
      name: `cap-${t}`,
      strategy: 'in_order',
      buyers: [
        { name: `capped-${t}`, destination: post(`Capped ${t}`, `/leads?buyer=capped-${t}`), caps: { per_day: 5, time_zone: 'America/New_York' } },
        { name: `backup-${t}`, destination: post(`Backup ${t}`, `/leads?buyer=backup-${t}`) },
      ],
    } satisfies FlowInput);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => harness.client.distribute(flow, lead(`cap-${t}-${i}`))));
    const winners = results.map((r) => r.winner);
    // What each buyer got, to say why when a count is off.
    const why = JSON.stringify(results.map((r) => r.buyers.map((b) => `${b.buyer}: ${b.sold ? 'sold' : (b.skipped ?? b.post?.reason ?? '?')}`)));
    expect(winners.filter((w) => w === `capped-${t}`), why).toHaveLength(5);
    expect(winners.filter((w) => w === `backup-${t}`), why).toHaveLength(15);
    expect(requestsTo(`buyer=capped-${t}`)).toHaveLength(5);
    const refused = results.flatMap((r) => r.buyers).filter((b) => b.buyer === `capped-${t}` && !b.sold);
    expect(refused.every((b) => /^cap reached: 5 per day \(\d{4}-\d\d-\d\d\)$/.test(b.skipped ?? ''))).toBe(true);
  });

  it('caps: a rejected post gives its place back', async () => {
    const t = uniq();
    const mk = (path: string) =>
      parseFlow({
        name: `capr-${t}`,
        strategy: 'in_order',
        buyers: [{ name: `r-${t}`, destination: post(`R ${t}`, `${path}?buyer=r-${t}`), caps: { per_hour: 1 } }],
      } satisfies FlowInput);
    const rejected = await harness.client.distribute(await mk('/status/400'), lead(`capr-${t}-1`));
    expect(rejected.outcome).toBe('unsold');
    const accepted = await harness.client.distribute(await mk('/leads'), lead(`capr-${t}-2`));
    expect(accepted.outcome).toBe('sold');
    const full = await harness.client.distribute(await mk('/leads'), lead(`capr-${t}-3`));
    expect(full.buyers[0]!.skipped).toMatch(/^cap reached: 1 per hour/);
  });

  it('ping_post: a buyer whose cap is full is not pinged at all', async () => {
    const t = uniq();
    const flow = await parseFlow({
      name: `capping-${t}`,
      strategy: 'ping_post',
      ping_timeout: ALL_ANSWER_MS,
      buyers: [
        { name: `a-${t}`, ping: ping(`A ${t}`, `/ping?bid=50&buyer=a-${t}`), destination: post(`A ${t}`, `/leads?buyer=a-${t}`), caps: { per_day: 1 } },
        { name: `b-${t}`, ping: ping(`B ${t}`, `/ping?bid=5&buyer=b-${t}`), destination: post(`B ${t}`, `/leads?buyer=b-${t}`) },
      ],
    } satisfies FlowInput);
    expect((await harness.client.distribute(flow, lead(`capping-${t}-1`))).winner).toBe(`a-${t}`);
    const second = await harness.client.distribute(flow, lead(`capping-${t}-2`));
    expect(second.winner).toBe(`b-${t}`);
    expect(second.buyers[0]).toMatchObject({ eligible: false, skipped: expect.stringMatching(/^cap reached: 1 per day/) });
    expect(second.buyers[0]!.ping).toBeUndefined();
    expect(requestsTo(`bid=50&buyer=a-${t}`)).toHaveLength(1);
  });

  it('shared: a waterfall with max_sales 2 sells to the first two buyers that accept', async () => {
    const t = uniq();
    const flow = await parseFlow({
      name: `shared-${t}`,
      strategy: 'in_order',
      sale: 'shared',
      max_sales: 2,
      buyers: [
        { name: `a-${t}`, destination: post(`A ${t}`, `/leads?buyer=a-${t}`, { fallback_price: 3 }) },
        { name: `b-${t}`, destination: post(`B ${t}`, `/status/409?buyer=b-${t}`) },
        { name: `c-${t}`, destination: post(`C ${t}`, `/leads?buyer=c-${t}`, { fallback_price: 4.5 }) },
        { name: `d-${t}`, destination: post(`D ${t}`, `/leads?buyer=d-${t}`) },
      ],
    } satisfies FlowInput);
    const result = await harness.client.distribute(flow, lead(`shared-${t}`));
    expect(result).toMatchObject({ outcome: 'sold', sale: 'shared', soldTo: [`a-${t}`, `c-${t}`], winner: `a-${t}`, salePrice: 3, totalPrice: 7.5 });
    expect(requestsTo(`buyer=d-${t}`)).toHaveLength(0);
  });

  it('the example flows run against the test receiver: fan-out, waterfall and ping-post', async () => {
    // The examples point at the receiver on :8787; this test's receiver is elsewhere, and buyer names get a suffix of this run's.
    const t = uniq();
    const example = async (name: string): Promise<Flow> => {
      const flow = await loadFlowFile(`examples/flows/${name}.yaml`);
      const moved = JSON.parse(JSON.stringify(flow).split(EXAMPLE_HOST).join(receiver.url)) as Flow;
      return { ...moved, name: `${flow.name}-${t}`, buyers: moved.buyers.map((b) => ({ ...b, name: `${b.name}-${t}` })) };
    };
    const john = await exampleLead('john-doe');
    const fan = await harness.client.distribute(await example('fan-out'), john);
    expect(fan.soldTo.sort()).toEqual([`acme-${t}`, `bolt-${t}`]);
    expect(fan.buyers[2]!.skipped).toBe('skip rule: Cobalt buys only leads scored 90 or more');
    expect(fan.totalPrice).toBe(21.5);
    const waterfall = await harness.client.distribute(await example('waterfall'), john);
    expect(waterfall).toMatchObject({ winner: `acme-${t}`, salePrice: 12 });
    expect(waterfall.posts.map((p) => p.outcome)).toEqual(['failure', 'success']);
    const auction = await harness.client.distribute(await example('ping-post'), john);
    expect(auction.outcome).toBe('sold');
    expect(auction.bids.map((b) => b.buyer).sort()).toEqual([`acme-${t}`, `bolt-${t}`]);
    expect(auction.winner).toBe(auction.bids[0]!.buyer);
    expect(auction.buyers[2]!.skipped).toBe('skip rule: Cobalt buys only leads scored 90 or more');
  });
  /** Takes `id` the way anyone with the namespace could: a delivery started under it directly, parked (so still running) when the flow needs the id. */
  const squat = async (id: string, t: string) => {
    const destination = parseDestination(post(`Squatter ${t}`, `/status/503?squatter=${t}`), 'squatter');
    const handle = await harness.temporal.workflow.start('deliverLead', {
      taskQueue: harness.taskQueue,
      workflowId: id,
      args: [{ destination, lead: lead(`squat-${t}`), deliveryId: id, leadId: `squat-${t}` }],
    });
    onTestFinished(async () => {
      await handle.terminate('test over').catch(() => undefined);
    });
  };

  it('squatted post id: that buyer fails in words, its cap place is released, the flow moves on, and the next lead is still sold to it', async () => {
    const t = uniq();
    const flow = await parseFlow({
      name: `squat-${t}`,
      strategy: 'in_order',
      buyers: [
        { name: `a-${t}`, destination: post(`A ${t}`, `/leads?buyer=a-${t}`), caps: { per_day: 1 } },
        { name: `b-${t}`, destination: post(`B ${t}`, `/leads?buyer=b-${t}`) },
      ],
    } satisfies FlowInput);
    const postId = childDeliveryIdFor(distributionIdFor(flow.name, `L9-${t}`), `a-${t}`, 'post');
    await squat(postId, t);
    const l9 = await harness.client.distribute(flow, lead(`L9-${t}`));
    expect(l9).toMatchObject({ outcome: 'sold', winner: `b-${t}` });
    expect(l9.buyers[0]).toMatchObject({ eligible: true, sold: false, post: { deliveryId: postId, outcome: 'error', errorCode: 'CHILD_NOT_STARTED' } });
    expect(l9.buyers[0]!.post!.reason).toBe(`the post could not start: its workflow id ${postId} is already taken by another workflow, so nothing was sent to this buyer`);
    expect(requestsTo(`/leads?buyer=a-${t}`)).toHaveLength(0);
    // The place reserved for L9 went back: a buyer capped at 1 a day still buys the next lead.
    const l10 = await harness.client.distribute(flow, lead(`L10-${t}`));
    expect(l10.winner).toBe(`a-${t}`);
    expect(requestsTo(`/leads?buyer=a-${t}`)).toHaveLength(1);
  });

  it('a post child that fails (terminated by hand) is that buyer\'s failure, in words, and gives its cap place back', async () => {
    const t = uniq();
    const mk = (path: string) =>
      parseFlow({
        name: `term-${t}`,
        strategy: 'in_order',
        buyers: [
          { name: `a-${t}`, destination: post(`A ${t}`, `${path}buyer=a-${t}`, { timeout: 30_000 }), caps: { per_day: 1 } },
          { name: `b-${t}`, destination: post(`B ${t}`, `/leads?buyer=b-${t}`) },
        ],
      } satisfies FlowInput);
    const flow = await mk('/leads?sleep=10000&');
    const started = await harness.client.startDistribution(flow, lead(`T1-${t}`));
    const postId = childDeliveryIdFor(started.distributionId, `a-${t}`, 'post');
    const child = harness.temporal.workflow.getHandle(postId);
    await until('the post child running', () => child.describe().then((d) => d.status.name === 'RUNNING', () => false), undefined, 50);
    await child.terminate('pulled by an operator');
    const result = await started.result();
    expect(result.winner).toBe(`b-${t}`);
    expect(result.buyers[0]!.post).toMatchObject({ deliveryId: postId, outcome: 'error', errorCode: 'CHILD_FAILED', reason: `the post's workflow ${postId} failed: it was terminated` });
    const next = await harness.client.distribute(await mk('/leads?'), lead(`T2-${t}`));
    expect(next.winner).toBe(`a-${t}`);
  });

  it('ping_post: a ping that cannot start is recorded as such, not as no answer within ping_timeout', async () => {
    const t = uniq();
    const flow = await parseFlow({
      name: `squatping-${t}`,
      strategy: 'ping_post',
      ping_timeout: 30_000,
      buyers: [
        { name: `a-${t}`, ping: ping(`A ${t}`, `/ping?bid=50&buyer=a-${t}`), destination: post(`A ${t}`, `/leads?buyer=a-${t}`) },
        { name: `b-${t}`, ping: ping(`B ${t}`, `/ping?bid=5&buyer=b-${t}`), destination: post(`B ${t}`, `/leads?buyer=b-${t}`) },
      ],
    } satisfies FlowInput);
    const pingId = childDeliveryIdFor(distributionIdFor(flow.name, `P-${t}`), `a-${t}`, 'ping');
    await squat(pingId, t);
    const result = await harness.client.distribute(flow, lead(`P-${t}`));
    expect(result.winner).toBe(`b-${t}`);
    const a = result.buyers[0]!;
    expect(a.ping).toMatchObject({ deliveryId: pingId, outcome: 'error', errorCode: 'CHILD_NOT_STARTED' });
    expect(a.ping!.reason).toMatch(/^the ping could not start: its workflow id .* is already taken/);
    expect(a.skipped).toMatch(/^no bid: the ping could not start/);
    // The auction did not wait out its 30 s deadline for a ping that never started.
    expect(Date.parse(result.finishedAt) - Date.parse(result.startedAt)).toBeLessThan(30_000);
  });
});
