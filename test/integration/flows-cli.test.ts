import { randomUUID } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';
import { until } from '../helpers/eventually.js';

const { harness, receiver } = useHarnessAndReceiver();
let dir: string;
const t = randomUUID().slice(0, 8);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadwire-flow-cli-'));
  await mkdir(join(dir, 'buyers'));
  await writeFile(
    join(dir, 'buyers', 'acme.yaml'),
    `name: Acme ${t}\nurl: ${receiver.url}/leads?buyer=acme\nallow_insecure_http: true\nretry: { max_attempts: 1 }\nbody:\n  format: json\n  mapping:\n    ping_id: { $template: "{{ ping.fields.ping_id }}" }\n    email: email\n`,
  );
  const pingOf = (who: string, bid: string) =>
    `      name: ${who} ping\n      url: ${receiver.url}/ping?bid=${bid}&buyer=${who}\n      allow_insecure_http: true\n      retry: { max_attempts: 1 }\n      body: { format: json, mapping: { zip: zip } }\n      price: bid\n      response_parser: { ping_id: ping_id }\n`;
  await writeFile(
    join(dir, 'auction.yaml'),
    `name: cli-auction-${t}\nstrategy: ping_post\nping_timeout: 120000\nbuyers:\n  - name: acme-${t}\n    destination: buyers/acme.yaml\n    ping:\n${pingOf('acme', '14')}` +
      `  - name: bolt-${t}\n    destination:\n      name: Bolt ${t}\n      url: ${receiver.url}/leads?buyer=bolt\n      allow_insecure_http: true\n    ping:\n${pingOf('bolt', '9')}`,
  );
  const buyer = (who: string, price: number) =>
    `  - name: ${who}-${t}\n    destination:\n      name: ${who} post ${t}\n      url: ${receiver.url}/leads?buyer=${who}\n      allow_insecure_http: true\n      fallback_price: ${price}\n`;
  await writeFile(join(dir, 'fan-out.yaml'), `name: cli-fan-out-${t}\nstrategy: all\nbuyers:\n${buyer('acme', 12)}${buyer('bolt', 9.5)}`);
  await writeFile(join(dir, 'broken.yaml'), `name: broken\nstrategy: in_order\nbuyers:\n  - name: x\n    destination: buyers/missing.yaml\n    caps: { per_week: 3 }\n`);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const lead = JSON.stringify({ id: `cli-${t}`, email: 'jane@example.com', zip: '30301' });
const connect = () => ['--address', inject('temporalAddress'), '--task-queue', harness.taskQueue];

describe('leadwire CLI on flow files', () => {
  it('validate lists a flow’s buyers, and every problem of a broken one by path', async () => {
    const ok = await runCli(['validate', join(dir, 'auction.yaml')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`flow cli-auction-${t} (ping_post, exclusive) with 2 buyers`);
    expect(ok.stdout).toContain(`acme-${t}: ping ${receiver.url}/ping?bid=14&buyer=acme, post POST ${receiver.url}/leads?buyer=acme`);
    const bad = await runCli(['validate', join(dir, 'broken.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/buyers\[0\]\.caps\.per_week/);
  });

  it('render shows each buyer’s ping and post, the post with placeholders for the ping’s values; nothing is sent', async () => {
    const run = await runCli(['render', join(dir, 'auction.yaml'), '--lead', lead]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`== acme-${t}: ping -> acme ping (flow-cli-auction-${t}--cli-${t}--acme-${t}--ping) ==`);
    expect(run.stdout).toContain('{"zip":"30301"}');
    expect(run.stdout).toContain(`== bolt-${t}: post -> Bolt ${t}`);
    expect(run.stdout).toContain('"ping_id":"<ping.fields.ping_id>"');
    expect(receiver.requests).toHaveLength(0);
  });

  it('test sends every ping for real and shows each post with its own ping’s values, without posting', async () => {
    const run = await runCli(['test', join(dir, 'auction.yaml'), '--lead', lead, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { steps: { buyer: string; step: string; sent: boolean; bid?: number; report: { request: { body: string } } }[] };
    expect(report.steps.map((s) => [s.step, s.sent, s.bid])).toEqual([
      ['ping', true, 14],
      ['ping', true, 9],
      ['post', false, undefined],
      ['post', false, undefined],
    ]);
    expect(receiver.requests.map((r) => r.url)).toEqual([`/ping?bid=14&buyer=acme`, `/ping?bid=9&buyer=bolt`]);
    expect(JSON.parse(report.steps[2]!.report.request.body).ping_id).toMatch(/^ping-/);
  });

  it('distribute --wait runs the auction on the worker and prints the result', async () => {
    const started = await runCli(['distribute', join(dir, 'auction.yaml'), '--lead', lead, '--wait', '--json', ...connect()]);
    expect(started.stderr).toBe('');
    const result = JSON.parse(started.stdout);
    expect(result).toMatchObject({ outcome: 'sold', winner: `acme-${t}`, salePrice: 14, distributionId: `flow-cli-auction-${t}--cli-${t}` });
    const again = await runCli(['distribute', join(dir, 'auction.yaml'), '--lead', lead, ...connect()]);
    expect(again.stdout.trim()).toBe(`exists  flow-cli-auction-${t}--cli-${t}`);
    const text = await runCli(['distribute', join(dir, 'auction.yaml'), '--lead', lead, '--wait', ...connect()]);
    expect(text.stdout).toContain(`✔ sold to acme-${t} at 14`);
    expect(text.stdout).toMatch(new RegExp(`· bolt-${t}\\s+bid 9 in \\d+ ms; outbid: sold to acme-${t}`));
  });

  it('list --flows shows distributions with the buyer, sale and price; status <distribution id> shows the record', async () => {
    const leadId = `cli-list-${t}`;
    const distributionId = `flow-cli-auction-${t}--${leadId}`;
    await harness.client.distribute(join(dir, 'auction.yaml'), { id: leadId, email: 'jane@example.com', zip: '30301' });
    // Visibility is eventually consistent: wait until the sale's search attributes are listed,
    // and the auction's ping to bolt (another workflow, indexed on its own time).
    await until('the sale listed', async () => (await harness.temporal.workflow.count(`WorkflowId = "${distributionId}" AND LeadwireSold = true`)).count > 0);
    await until("bolt's ping listed", async () => (await harness.temporal.workflow.count(`WorkflowId = "${distributionId}--bolt-${t}--ping" AND LeadwireBuyer = "bolt-${t}"`)).count > 0);

    const json = await runCli(['list', '--flows', '--buyer', `acme-${t}`, '--json', ...connect()]);
    expect(json.stderr).toBe('');
    const rows = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(rows.find((r) => r.distributionId === distributionId)).toMatchObject({ status: 'COMPLETED', leadId, outcome: 'sold', sold: true, price: 14, buyers: [`acme-${t}`] });
    expect(rows.every((r) => (r.buyers as string[]).includes(`acme-${t}`))).toBe(true);
    const text = await runCli(['list', '--flows', '--outcome', 'sold', '--query', `WorkflowId = "${distributionId}"`, ...connect()]);
    expect(text.stdout.trim()).toMatch(new RegExp(`^sold\\s+${distributionId}\\s+sold to acme-${t} at 14 \\(lead ${leadId}\\) \\d{4}-`));
    // Without --flows, list still lists deliveries only: the auction's pings and post.
    const deliveries = await runCli(['list', '--buyer', `bolt-${t}`, '--json', ...connect()]);
    expect((JSON.parse(deliveries.stdout) as { deliveryId: string }[]).map((d) => d.deliveryId)).toContain(`${distributionId}--bolt-${t}--ping`);

    const status = await runCli(['status', distributionId, ...connect()]);
    expect(status.stderr).toBe('');
    expect(status.stdout).toContain(`✔ sold to acme-${t} at 14`);
    expect(status.stdout).toMatch(new RegExp(`· bolt-${t}\\s+bid 9 in \\d+ ms; outbid: sold to acme-${t}`));
    const statusJson = JSON.parse((await runCli(['status', distributionId, '--json', ...connect()])).stdout);
    expect(statusJson).toMatchObject({ distributionId, status: 'COMPLETED', outcome: 'sold', result: { winner: `acme-${t}`, salePrice: 14 } });
  });

  // Issue 21: for one fan-out lead `distribute` said "for 21.5" and `list --flows` "at 12" (the first buyer's price).
  it('distribute, status and list --flows give a shared sale the same price: what each buyer pays, and the total', async () => {
    const leadId = `cli-shared-${t}`;
    const distributionId = `flow-cli-fan-out-${t}--${leadId}`;
    const run = await runCli(['distribute', join(dir, 'fan-out.yaml'), '--lead', JSON.stringify({ id: leadId, email: 'fan@example.com' }), '--wait', ...connect()]);
    // The buyers in the order they accepted the lead, each with its price, then the total.
    const sale = /✔ (sold to .*? for 21\.5 in all)/.exec(run.stdout)?.[1];
    expect([`sold to acme-${t} (12), bolt-${t} (9.5) for 21.5 in all`, `sold to bolt-${t} (9.5), acme-${t} (12) for 21.5 in all`]).toContain(sale);
    while ((await harness.temporal.workflow.count(`WorkflowId = "${distributionId}" AND LeadwireSold = true`)).count === 0) await new Promise((r) => setTimeout(r, 100));
    // The search attribute is the total, so `LeadwirePrice > 20` finds it.
    expect((await harness.temporal.workflow.count(`WorkflowId = "${distributionId}" AND LeadwirePrice = 21.5`)).count).toBe(1);
    const list = await runCli(['list', '--flows', '--query', `WorkflowId = "${distributionId}"`, ...connect()]);
    expect(list.stdout).toContain(sale!);
    const json = JSON.parse((await runCli(['list', '--flows', '--query', `WorkflowId = "${distributionId}"`, '--json', ...connect()])).stdout) as Record<string, unknown>[];
    expect(json[0]).toMatchObject({ price: 21.5, prices: { [`acme-${t}`]: 12, [`bolt-${t}`]: 9.5 } });
    expect((await runCli(['status', distributionId, ...connect()])).stdout).toContain(`✔ ${sale!}`);
  });
});
