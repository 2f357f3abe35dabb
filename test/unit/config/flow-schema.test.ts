import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlowFile, parseFlow } from '../../../src/config/load-flow.js';
import type { ConfigError } from '../../../src/core/errors/config-error.js';

const inline = (name: string, extra: Record<string, unknown> = {}) => ({ name, url: 'https://buyer.example/leads', ...extra });

const issuesOf = async (raw: unknown) => {
  try {
    await parseFlow(raw, { source: 'flow.yaml' });
  } catch (err) {
    return (err as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the flow to be refused');
};

describe('flow file schema', () => {
  it('applies the defaults of each strategy', async () => {
    const all = await parseFlow({ name: 'f', strategy: 'all', buyers: [{ name: 'a', destination: inline('A') }] });
    expect(all).toMatchObject({ sale: 'shared', ping_timeout: 5000, bid_ttl: 60000, lead_id_field: 'id' });
    expect(all.max_sales).toBeUndefined();
    const waterfall = await parseFlow({ name: 'f', strategy: 'in_order', buyers: [{ name: 'a', destination: inline('A') }] });
    expect(waterfall).toMatchObject({ sale: 'exclusive', max_sales: 1 });
    const shared = await parseFlow({ name: 'f', strategy: 'in_order', sale: 'shared', max_sales: 2, buyers: [{ name: 'a', destination: inline('A') }] });
    expect(shared.max_sales).toBe(2);
  });

  it('auction_timeout: defaults from ping_timeout, is at least ping_timeout, and belongs to ping_post', async () => {
    const buyers = [{ name: 'a', destination: inline('A'), ping: inline('A ping') }];
    expect(await parseFlow({ name: 'f', strategy: 'ping_post', ping_timeout: 2000, buyers })).toMatchObject({ ping_timeout: 2000, auction_timeout: 34_000 });
    expect(await parseFlow({ name: 'f', strategy: 'ping_post', auction_timeout: 9000, buyers })).toMatchObject({ ping_timeout: 5000, auction_timeout: 9000 });
    expect(await issuesOf({ name: 'f', strategy: 'ping_post', ping_timeout: 8000, auction_timeout: 5000, buyers })).toEqual([
      "auction_timeout: expected an auction_timeout of at least ping_timeout (8000 ms): each buyer has ping_timeout to answer from its ping's send, so the auction must wait at least that long",
    ]);
    expect(await issuesOf({ name: 'f', strategy: 'in_order', auction_timeout: 5000, buyers: [{ name: 'a', destination: inline('A') }] })).toEqual([
      "auction_timeout: applies only to strategy ping_post (this flow's strategy is in_order): remove it",
    ]);
  });

  it('does not park a flow’s pings and posts: a failure moves the lead on', async () => {
    const flow = await parseFlow({ name: 'f', strategy: 'ping_post', buyers: [{ name: 'a', destination: inline('A', { park: { window: 60000 } }), ping: inline('A ping') }] });
    expect(flow.buyers[0]!.destination.park.window).toBe(0);
    expect(flow.buyers[0]!.ping!.park.window).toBe(0);
  });

  it('pings under the buyer’s skip rules and time zone when the ping has none of its own', async () => {
    const skip = [{ when: '$hour < 9', reason: 'Closed' }];
    const flow = await parseFlow({
      name: 'f',
      strategy: 'ping_post',
      buyers: [
        { name: 'a', destination: inline('A', { skip, time_zone: 'America/Chicago' }), ping: inline('A ping') },
        { name: 'b', destination: inline('B', { skip }), ping: inline('B ping', { skip: [{ when: 'score < 10', reason: 'Low' }] }) },
      ],
    });
    expect(flow.buyers[0]!.ping).toMatchObject({ skip, time_zone: 'America/Chicago' });
    expect(flow.buyers[1]!.ping!.skip).toEqual([{ when: 'score < 10', reason: 'Low' }]);
  });

  it('lists every problem by its path, inline destinations included', async () => {
    const issues = await issuesOf({
      name: 'f',
      strategy: 'ping_post',
      floor: -1,
      buyers: [
        { name: 'a', destination: inline('A', { url: 'ftp://x' }), ping: inline('A ping'), caps: { per_day: 1.5 } },
        { name: 'A', destination: inline('A2'), caps: {} },
        { name: 'c', destination: inline('C'), ping: inline('C ping'), extra: true },
      ],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        'floor: expected a price of 0 or more',
        'buyers[0].destination.url: expected an http:// or https:// URL',
        'buyers[0].caps.per_day: expected a whole number of leads',
        'buyers[1].caps: expected at least one of per_hour, per_day, per_month (or remove `caps`)',
        'buyers[2].extra: unknown option (every option is listed in docs/flows.md)',
      ]),
    );
    expect((await issuesOf({ name: 'f', strategy: 'ping_post', buyers: [{ name: 'a', destination: inline('A') }, { name: 'A', destination: inline('B'), ping: inline('p') }] }))).toEqual([
      'buyers[0].ping: strategy ping_post needs a ping request for every buyer: a destination file or an inline destination whose `price` reads the bid',
      'buyers[1].name: buyer A is listed twice (also buyers[0]): give each buyer its own name',
    ]);
  });

  it('refuses options of another strategy once the rest is valid', async () => {
    expect(await issuesOf({ name: 'f', strategy: 'in_order', max_buyers: 2, floor: 3, buyers: [{ name: 'a', destination: inline('A'), ping: inline('p') }] })).toEqual([
      "max_buyers: applies only to strategy all (this flow's strategy is in_order): remove it",
      "floor: applies only to strategy ping_post (this flow's strategy is in_order): remove it",
      "buyers[0].ping: applies only to strategy ping_post (this flow's strategy is in_order): remove it",
    ]);
  });

  it('refuses an exclusive fan-out and max_sales without a shared sale', async () => {
    expect(await issuesOf({ name: 'f', strategy: 'all', sale: 'exclusive', buyers: [{ name: 'a', destination: inline('A') }] })).toEqual([
      'sale: strategy all posts to every eligible buyer at once, so it cannot sell exclusively: use in_order or ping_post for an exclusive lead',
    ]);
    expect(await issuesOf({ name: 'f', strategy: 'in_order', max_sales: 2, buyers: [{ name: 'a', destination: inline('A') }] })).toEqual([
      'max_sales: applies only to a shared lead: add `sale: shared`, or remove max_sales',
    ]);
  });
});

describe('loadFlowFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leadwire-flow-'));
    await mkdir(join(dir, 'flows'));
    await mkdir(join(dir, 'buyers'));
    await writeFile(join(dir, 'buyers', 'acme.yaml'), 'name: Acme\nurl: https://acme.example/leads\n');
    await writeFile(join(dir, 'buyers', 'broken.yaml'), 'name: Broken\nurl: nope\n');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reads buyer destination files relative to the flow file, wherever it is run from', async () => {
    await writeFile(join(dir, 'flows', 'ok.yaml'), 'name: ok\nstrategy: in_order\nbuyers:\n  - name: acme\n    destination: ../buyers/acme.yaml\n    caps: { per_hour: 3, time_zone: Europe/Paris }\n');
    const flow = await loadFlowFile(join(dir, 'flows', 'ok.yaml'));
    expect(flow.buyers[0]).toMatchObject({ name: 'acme', destination: { name: 'Acme', url: 'https://acme.example/leads' }, caps: { per_hour: 3, time_zone: 'Europe/Paris' } });
  });

  it('names the buyer whose destination file is missing or invalid', async () => {
    await writeFile(join(dir, 'flows', 'bad.yaml'), 'name: bad\nstrategy: all\nbuyers:\n  - name: x\n    destination: ../buyers/missing.yaml\n  - name: y\n    destination: ../buyers/broken.yaml\n');
    const err = (await loadFlowFile(join(dir, 'flows', 'bad.yaml')).catch((e: unknown) => e)) as ConfigError;
    expect(err.message).toMatch(/bad\.yaml is not a valid flow \(2 problems\)/);
    expect(err.issues[0]).toMatchObject({ path: 'buyers[0].destination', message: expect.stringMatching(/missing\.yaml does not exist/) });
    expect(err.issues[1]).toMatchObject({ path: 'buyers[1].destination', message: expect.stringMatching(/broken\.yaml is not a valid destination.*url/s) });
  });

  it('says where a YAML mistake is', async () => {
    await writeFile(join(dir, 'flows', 'yaml.yaml'), 'name: x\nname: y\n');
    await expect(loadFlowFile(join(dir, 'flows', 'yaml.yaml'))).rejects.toThrow(/line 2, column 1/);
  });
});

describe('examples/flows', () => {
  it('every example flow is valid, and together they cover each strategy', async () => {
    const { readdir } = await import('node:fs/promises');
    const files = (await readdir('examples/flows')).filter((f) => f.endsWith('.yaml'));
    const strategies = new Set<string>();
    for (const f of files) strategies.add((await loadFlowFile(join('examples/flows', f))).strategy);
    expect([...strategies].sort()).toEqual(['all', 'in_order', 'ping_post']);
  });
});
