import { describe, expect, it } from 'vitest';
import type { distributeLead } from '../../../src/workflows/distribute-lead.js';
import { useStubWorker } from '../../helpers/stub-worker.js';
import { retryWaits } from '../../helpers/user-metadata.js';
import { distributionInput, flowFor, HOUR, unique } from './workflow-inputs.js';

// distributeLead (src/workflows/distribute-lead.ts) with each strategy: its pings and posts are
// real child deliverLead workflows; the buyers' APIs are stub destinations answering from a
// script, and caps a stub counter (the cap workflow itself is tested in buyer-caps.test.ts).
const file = useStubWorker();

/** A buyer whose post (and ping, for ping_post) is a stub destination of its own. */
function buyer(label: string, options: { ping?: boolean; caps?: Record<string, unknown>; retry?: Record<string, unknown> } = {}) {
  const name = unique(label);
  const post = `${name} post`;
  const ping = `${name} ping`;
  return {
    name,
    post,
    ping,
    config: {
      name,
      destination: { name: post, url: 'https://buyer.example.com/post', price: 'price', ...(options.retry ? { retry: options.retry } : {}) },
      ...(options.ping ? { ping: { name: ping, url: 'https://buyer.example.com/ping', price: 'price' } } : {}),
      ...(options.caps ? { caps: options.caps } : {}),
    },
  };
}

async function distribute(flow: Record<string, unknown>) {
  const input = distributionInput(await flowFor(flow));
  const handle = await file.env.client.workflow.start<typeof distributeLead>('distributeLead', { taskQueue: file.taskQueue, workflowId: input.distributionId, args: [input] });
  return { handle, result: await handle.result() };
}

describe('distributeLead: all', () => {
  it('posts to every buyer at once and sells to each that accepts; a rejection is recorded', async () => {
    const [a, b, c] = [buyer('All A'), buyer('All B'), buyer('All C')];
    file.stubs.script(a.post, [{ status: 200, price: 4 }]);
    file.stubs.script(b.post, [400]);
    file.stubs.script(c.post, [{ status: 201, price: 6 }]);
    const { result } = await distribute({ name: unique('all'), strategy: 'all', buyers: [a.config, b.config, c.config] });
    expect(result.outcome).toBe('sold');
    expect([...result.soldTo].sort()).toEqual([a.name, c.name].sort());
    expect(result.totalPrice).toBe(10);
    expect(result.posts.find((p) => p.buyer === b.name)).toMatchObject({ outcome: 'failure', status: 400 });
    for (const x of [a, b, c]) expect(file.stubs.sendsTo(x.post)).toHaveLength(1);
  });
});

describe('distributeLead: in_order', () => {
  it('falls through to the next buyer when the first fails all its tries (an hour apart), and offers no one after the sale', async () => {
    const [first, second, third] = [buyer('Order A', { retry: { max_attempts: 2, delay: HOUR } }), buyer('Order B'), buyer('Order C')];
    file.stubs.script(first.post, [503]);
    file.stubs.script(second.post, [{ status: 200, price: 12 }]);
    const { handle, result } = await distribute({ name: unique('waterfall'), strategy: 'in_order', buyers: [first.config, second.config, third.config] });
    expect(result.outcome).toBe('sold');
    expect(result.soldTo).toEqual([second.name]);
    expect(result.salePrice).toBe(12);
    expect(result.posts.map((p) => [p.buyer, p.outcome])).toEqual([
      [first.name, 'failure'],
      [second.name, 'success'],
    ]);
    expect(result.buyers.find((b) => b.buyer === third.name)?.skipped).toBe(`not offered: already sold (${second.name})`);
    expect(file.stubs.sendsTo(first.post)).toHaveLength(2);
    expect(file.stubs.sendsTo(third.post)).toHaveLength(0);
    // The first buyer's post waited its hour between tries (time skipped), in its own child workflow.
    const firstPost = file.env.client.workflow.getHandle(result.posts[0]!.deliveryId);
    expect(await retryWaits(file.env.client, firstPost)).toEqual([HOUR]);
    expect(handle.workflowId).toBe(result.distributionId);
  });

  it('leaves out a buyer whose cap is full and sells to the next; a rejected post gives its place back', async () => {
    const capped = buyer('Capped', { caps: { per_day: 1 } });
    const other = buyer('Uncapped');
    file.stubs.script(capped.post, [{ status: 200, price: 5 }, 400]);
    file.stubs.script(other.post, [{ status: 200, price: 3 }]);
    const flow = { name: unique('capped'), strategy: 'in_order', buyers: [capped.config, other.config] };
    const first = await distribute(flow);
    expect(first.result.soldTo).toEqual([capped.name]);
    const second = await distribute(flow);
    expect(second.result.soldTo).toEqual([other.name]);
    expect(second.result.buyers.find((b) => b.buyer === capped.name)?.skipped).toBe('cap reached: 1 per day (stub)');
    expect(file.stubs.sendsTo(capped.post)).toHaveLength(1);
    const calls = file.stubs.capCalls.filter((c) => c.buyer === capped.name).map((c) => c.call);
    expect(calls).toEqual(['reserve', 'confirm', 'reserve']);
  });

  it('records a buyer whose skip rule matches as skipped, and never posts to it', async () => {
    const skipping = buyer('Skipping');
    skipping.config.destination = { ...skipping.config.destination, skip: [{ when: 'score < 90', reason: 'Score below 90' }] } as typeof skipping.config.destination;
    const other = buyer('Taking');
    const { result } = await distribute({ name: unique('skip'), strategy: 'in_order', buyers: [skipping.config, other.config] });
    expect(result.soldTo).toEqual([other.name]);
    expect(result.buyers.find((b) => b.buyer === skipping.name)?.skipped).toBe('Score below 90');
    expect(file.stubs.sendsTo(skipping.post)).toHaveLength(0);
  });
});

describe('distributeLead: ping_post', () => {
  it('pings every buyer, posts to the highest bid only, and sells at that bid', async () => {
    const [low, high, mid] = [buyer('Bid 10', { ping: true }), buyer('Bid 25', { ping: true }), buyer('Bid 15', { ping: true })];
    file.stubs.script(low.ping, [{ status: 200, price: 10 }]);
    file.stubs.script(high.ping, [{ status: 200, price: 25 }]);
    file.stubs.script(mid.ping, [{ status: 200, price: 15 }]);
    const { result } = await distribute({ name: unique('auction'), strategy: 'ping_post', ping_timeout: 600_000, buyers: [low.config, high.config, mid.config] });
    expect(result.outcome).toBe('sold');
    expect(result.winner).toBe(high.name);
    expect(result.salePrice).toBe(25);
    expect(result.bids.map((b) => b.price)).toEqual([25, 15, 10]);
    expect(result.posts.map((p) => p.buyer)).toEqual([high.name]);
    for (const x of [low, high, mid]) expect(file.stubs.sendsTo(x.ping)).toHaveLength(1);
    expect(file.stubs.sendsTo(low.post)).toHaveLength(0);
    expect(file.stubs.sendsTo(mid.post)).toHaveLength(0);
    expect(result.buyers.find((b) => b.buyer === mid.name)?.skipped).toBe(`outbid: sold to ${high.name}`);
  });

  it('falls to the next bid when the winner rejects the post', async () => {
    const [best, next] = [buyer('Best', { ping: true }), buyer('Next', { ping: true })];
    file.stubs.script(best.ping, [{ status: 200, price: 30 }]);
    file.stubs.script(best.post, [400]);
    file.stubs.script(next.ping, [{ status: 200, price: 20 }]);
    const { result } = await distribute({ name: unique('fallback'), strategy: 'ping_post', ping_timeout: 600_000, buyers: [best.config, next.config] });
    expect(result.soldTo).toEqual([next.name]);
    expect(result.salePrice).toBe(20);
    expect(result.posts.map((p) => [p.buyer, p.outcome])).toEqual([
      [best.name, 'failure'],
      [next.name, 'success'],
    ]);
  });

  it('with no bid (a pass and a rejected ping), the lead stays unsold and nothing is posted', async () => {
    const [passes, rejects] = [buyer('Passes', { ping: true }), buyer('Rejects', { ping: true })];
    file.stubs.script(passes.ping, [{ status: 200, price: 0 }]);
    file.stubs.script(rejects.ping, [400]);
    const { result } = await distribute({ name: unique('no-bids'), strategy: 'ping_post', ping_timeout: 600_000, buyers: [passes.config, rejects.config] });
    expect(result.outcome).toBe('unsold');
    expect(result.soldTo).toEqual([]);
    expect(result.bids).toEqual([]);
    expect(result.posts).toEqual([]);
    expect(result.buyers.find((b) => b.buyer === passes.name)?.skipped).toBe('no bid: the buyer passed (price 0)');
    expect(file.stubs.sendsTo(passes.post)).toHaveLength(0);
    expect(file.stubs.sendsTo(rejects.post)).toHaveLength(0);
  });
});
