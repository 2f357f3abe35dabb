import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFlow } from '../../src/config/load-flow.js';
import { capWindows } from '../../src/core/flows/cap-ledger.js';
import { capWorkflowIdFor } from '../../src/core/flows/flow-ids.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { capLedgerQuery, reserveCapUpdate, type BuyerCapsInput } from '../../src/shared/flow-messages.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';
import { CONTRACT_VERSION as v } from '../../src/contract/version.js';
import { eventually } from '../helpers/eventually.js';

let receiver: Receiver;
let harness: Harness;
beforeAll(async () => {
  [receiver, harness] = await Promise.all([startReceiver(), startHarness({ worker: { metricsPort: 0 } })]);
});
afterAll(async () => {
  await harness?.close();
  await receiver?.close();
});

const t = randomUUID().slice(0, 8);
const buyer = (who: string, bid: string, postPath: string) => ({
  name: `${who}-${t}`,
  ping: { name: `${who} ping`, url: `${receiver.url}/ping?bid=${bid}&buyer=${who}`, allow_insecure_http: true, price: 'bid', retry: { max_attempts: 1 } },
  destination: { name: `${who} post`, url: `${receiver.url}${postPath}`, allow_insecure_http: true, retry: { max_attempts: 1 } },
});

function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('what an operator sees of a flow', () => {
  it('Prometheus counts per buyer: pinged, bid, won, accepted, rejected and the price sum; search attributes find the lead by buyer', async () => {
    const flow = await parseFlow({
      name: `records-${t}`,
      strategy: 'ping_post',
      // Every buyer answers, and the auction closes when the last does: a slow machine cannot make one late.
      ping_timeout: 120_000,
      buyers: [buyer('a', '10', '/leads'), buyer('b', '20', '/status/422'), buyer('c', '0', '/leads')],
    });
    const result = await harness.client.distribute(flow, { id: `rec-${t}`, email: 'x@example.com' });
    expect(result).toMatchObject({ winner: `a-${t}`, salePrice: 10 });

    const text = await (await fetch(harness.worker.metricsUrl!)).text();
    const events = (who: string, event: string) => sample(text, 'leadwire_flow_buyer_events_total', { flow: `records-${t}`, buyer: `${who}-${t}`, event }) ?? 0;
    expect(['pinged', 'bid', 'won', 'accepted', 'rejected'].map((e) => [events('a', e), events('b', e), events('c', e)])).toEqual([
      [1, 1, 1],
      [1, 1, 0],
      [1, 1, 0],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(sample(text, 'leadwire_flow_buyer_price_total', { flow: `records-${t}`, buyer: `a-${t}` })).toBe(10);
    expect(sample(text, 'leadwire_flows_total', { flow: `records-${t}`, outcome: 'sold' })).toBe(1);

    // The distribution is found by the buyer it was sold to; its pings and posts by theirs.
    const sold = await eventually('the sold distribution listed by its buyer', async () => {
      for await (const w of harness.temporal.workflow.list({ query: `WorkflowType = 'distributeLead' AND LeadwireBuyer = 'a-${t}' AND LeadwireSold = true AND LeadwirePrice = 10` })) return w;
      return undefined;
    });
    expect(sold.workflowId).toBe(result.distributionId);
    const children = await eventually("buyer b's ping and post listed by buyer", async () => {
      const ids: string[] = [];
      for await (const w of harness.temporal.workflow.list({ query: `WorkflowType = 'deliverLead' AND LeadwireBuyer = 'b-${t}'` })) ids.push(w.workflowId);
      return ids.length === 2 ? ids.sort() : undefined;
    });
    expect(children).toEqual([`${result.distributionId}--b-${t}--ping`, `${result.distributionId}--b-${t}--post`]);
  });

  it('a buyer’s cap workflow continues as new when its history grows, keeping its counts', async () => {
    const name = `can-${t}`;
    const workflowId = capWorkflowIdFor(name);
    const handle = await harness.temporal.workflow.start('buyerCaps', { taskQueue: harness.taskQueue, workflowId, args: [{ v, buyer: name, maxHistory: 30 } satisfies BuyerCapsInput] });
    const windows = capWindows(new Date().toISOString(), 'UTC');
    const granted = [];
    for (let i = 0; i < 25; i++) granted.push((await harness.temporal.workflow.getHandle(workflowId).executeUpdate(reserveCapUpdate, { args: [{ v, id: `r-${i}`, windows, caps: { per_day: 20 } }] })).granted);
    expect(granted.filter(Boolean)).toHaveLength(20);
    const latest = harness.temporal.workflow.getHandle(workflowId);
    expect((await latest.describe()).runId).not.toBe(handle.firstExecutionRunId);
    const ledger = await latest.query(capLedgerQuery);
    expect(ledger.counts[`day:${windows.day}`]).toBe(20);
    await latest.terminate('test done');
  });
});
