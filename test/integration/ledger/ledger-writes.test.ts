import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ledger } from '../../../src/ledger/open-ledger.js';
import type { DeliveryRecord } from '../../../src/ledger/records/delivery-record.js';
import { deliveryRow } from '../../../src/ledger/records/delivery-row.js';
import { distributionRows } from '../../../src/ledger/records/distribution-rows.js';
import { eraseLead } from '../../../src/ledger/erasure/erase-lead.js';
import { pruneLedger } from '../../../src/ledger/retention/prune-ledger.js';
import { recordReturn } from '../../../src/ledger/returns/record-return.js';
import { writeDelivery } from '../../../src/ledger/writers/write-delivery.js';
import { writeDistribution } from '../../../src/ledger/writers/write-distribution.js';
import { attempt, deliveryResult, flowResult } from '../../helpers/ledger-records.js';
import { openTestLedger } from '../../helpers/test-ledger.js';

let ledger: Ledger;
beforeAll(async () => {
  ledger = await openTestLedger({ lead_fields: ['state'], returns: { 'Best Bid': { window: 72 * 3600_000 }, 'Acme CRM': { window: 3600_000 } }, retention_days: 30 });
});
afterAll(() => ledger?.close());

const ctx = (lead: Record<string, string>) => ({ lead, intakeAt: '2026-03-01T09:59:00.000Z', currency: 'USD' });
const rowOf = (id: string) => ledger.db.selectFrom('deliveries').selectAll().where('delivery_id', '=', id).execute();

/** The life of one delivery: parked after 3 failed attempts, retried by an operator, accepted on the 4th. */
function lifecycle(id: string): DeliveryRecord[] {
  const three = [1, 2, 3].map((n) => attempt(n, `2026-03-01T10:0${n}:00.000Z`, 100, 503, 'error'));
  const retry = [{ at: '2026-03-01T11:00:00.000Z', action: 'retry' as const, requestedBy: 'ops@example.com' }];
  const base = deliveryResult({ deliveryId: id, leadId: id, outcome: 'error', attempts: three, reason: 'HTTP 503' });
  return [
    { ...base, outcome: 'pending', attempts: [] },
    { ...base, outcome: 'retrying', attempts: three.slice(0, 2) },
    { ...base, outcome: 'parked', parkedSince: '2026-03-01T10:03:00.100Z' },
    { ...base, outcome: 'retrying', operatorActions: retry },
    deliveryResult({ deliveryId: id, leadId: id, attempts: [...three, attempt(4, '2026-03-01T11:00:01.000Z', 80, 200, 'success')], operatorActions: retry, price: 25 }),
  ];
}

describe('ledger writers', () => {
  it('leave one row with the newest state when every state is written 5 times, concurrently and out of order', async () => {
    const rows = lifecycle('race--L1').map((r) => deliveryRow(r, ctx({ email: 'race@example.com', state: 'TX' }), ledger.protection));
    // Newest first, then interleaved: each state 5 times, all in flight at once.
    const writes = [0, 1, 2, 3, 4].flatMap((round) => (round % 2 === 0 ? [...rows].reverse() : rows));
    const outcomes = await Promise.all(writes.map((row) => writeDelivery(ledger.db, row)));
    expect(outcomes.filter((o) => o === 'erased')).toEqual([]);
    const stored = await rowOf('race--L1');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ outcome: 'success', attempts: 4, http_status: 200, price: '25.0000', version: String(rows.at(-1)!.version), parked_since: null, lead_fields: { state: 'TX' } });
    const actions = await ledger.db.selectFrom('operator_actions').selectAll().where('delivery_id', '=', 'race--L1').execute();
    expect(actions.map((a) => [a.action, a.requested_by])).toEqual([['retry', 'ops@example.com']]);
  });

  it('never lets an older state overwrite a newer one', async () => {
    const [pending, , parked, , success] = lifecycle('late--L2').map((r) => deliveryRow(r, ctx({}), ledger.protection));
    expect(await writeDelivery(ledger.db, success!)).toBe('written');
    expect(await writeDelivery(ledger.db, parked!)).toBe('stale');
    expect(await writeDelivery(ledger.db, pending!)).toBe('stale');
    expect(await writeDelivery(ledger.db, success!)).toBe('stale');
    expect((await rowOf('late--L2'))[0]!.outcome).toBe('success');
  });

  it('prices a sold flow post from its distribution (the winner pays its bid) whichever is written first', async () => {
    for (const [leadId, distributionFirst] of [['F1', true], ['F2', false]] as const) {
      const flow = flowResult(leadId, 'Best Bid', 40);
      const post = flow.posts[0]!;
      const postRow = deliveryRow(
        deliveryResult({ deliveryId: post.deliveryId, destination: 'Best Bid API', leadId, price: 45 }),
        { ...ctx({}), flowStep: 'post', distributionId: flow.distributionId, buyer: 'Best Bid' },
        ledger.protection,
      );
      const dist = distributionRows(flow, { currency: 'USD', cost: 6, source: 'fb' }, ledger.protection);
      if (distributionFirst) await writeDistribution(ledger.db, dist);
      await writeDelivery(ledger.db, postRow);
      if (!distributionFirst) await writeDistribution(ledger.db, dist);
      expect(await writeDistribution(ledger.db, dist)).toBe('stale');
      const [row] = await rowOf(post.deliveryId);
      expect([row!.price, row!.cost, row!.buyer]).toEqual(['40.0000', '6.0000', 'Best Bid']);
      const buyers = await ledger.db.selectFrom('distribution_buyers').select(['buyer', 'skipped']).where('distribution_id', '=', flow.distributionId).orderBy('position').execute();
      expect(buyers).toEqual([{ buyer: 'Best Bid', skipped: null }, { buyer: 'Runner Up', skipped: 'outbid' }, { buyer: 'Capped', skipped: 'cap reached (per_day 10)' }]);
    }
  });

  it('credits a return inside the buyer\'s window once, and refuses one outside it', async () => {
    const flow = flowResult('F1', 'Best Bid', 40);
    const receipt = await recordReturn(ledger, { leadId: 'F1', buyer: 'Best Bid', reason: 'bad_phone', at: '2026-03-02T10:00:00.000Z' });
    expect(receipt).toMatchObject({ deliveryId: flow.posts[0]!.deliveryId, credited: 40, currency: 'USD', alreadyRecorded: false });
    expect((await recordReturn(ledger, { leadId: 'F1', buyer: 'Best Bid', reason: 'bad_phone', at: '2026-03-02T11:00:00.000Z' })).alreadyRecorded).toBe(true);
    const dist = await ledger.db.selectFrom('distributions').select('credited').where('distribution_id', '=', flow.distributionId).executeTakeFirstOrThrow();
    expect(dist.credited).toBe('40.0000');
    await expect(recordReturn(ledger, { leadId: 'F2', buyer: 'Best Bid', reason: 'bad_phone', at: '2026-03-09T10:00:00.000Z' })).rejects.toMatchObject({ code: 'RETURN_WINDOW_CLOSED' });
    await expect(recordReturn(ledger, { leadId: 'F2', buyer: 'Runner Up', reason: 'x', at: '2026-03-01T10:00:00.000Z' })).rejects.toMatchObject({ code: 'RETURN_NOT_ALLOWED' });
  });

  it('erases a person by email: their rows go, the audit keeps no personal data, and later writes are refused', async () => {
    const lead = { email: 'Erase.Me@Example.com', state: 'NY' };
    const row = deliveryRow(deliveryResult({ deliveryId: 'erase--L3', leadId: 'erase-L3', operatorActions: [{ at: '2026-03-01T10:05:00.000Z', action: 'retry' }] }), ctx(lead), ledger.protection);
    await writeDelivery(ledger.db, row);
    await writeDelivery(ledger.db, deliveryRow(deliveryResult({ deliveryId: 'other--L3', destination: 'Other', leadId: 'erase-L3' }), ctx(lead), ledger.protection));
    const result = await eraseLead(ledger, { email: ' erase.me@example.COM' }, { requestedBy: 'dpo' });
    expect(result).toMatchObject({ leadIds: ['erase-L3'], deliveries: 2, operatorActions: 1 });
    expect(await ledger.db.selectFrom('deliveries').select('delivery_id').where('lead_id', '=', 'erase-L3').execute()).toEqual([]);
    const audit = await ledger.db.selectFrom('erasures').selectAll().where('id', '=', result.erasureId).executeTakeFirstOrThrow();
    expect(JSON.stringify(audit)).not.toMatch(/erase\.me|example\.com|erase-L3/i);
    expect(audit).toMatchObject({ subject: 'email', requested_by: 'dpo', deliveries: 2 });
    expect(await writeDelivery(ledger.db, { ...row, version: 999_999 })).toBe('erased');
  });

  it('prunes ended rows older than the retention and keeps parked ones', async () => {
    const old = lifecycle('old--L4').map((r) => deliveryRow(r, { ...ctx({}), intakeAt: '2025-01-01T00:00:00.000Z' }, ledger.protection));
    await writeDelivery(ledger.db, old[2]!); // parked
    await writeDelivery(ledger.db, deliveryRow(deliveryResult({ deliveryId: 'old--L5', leadId: 'old-L5', at: '2025-01-01T00:00:00.000Z' }), { ...ctx({}), intakeAt: '2025-01-01T00:00:00.000Z' }, ledger.protection));
    const pruned = await pruneLedger(ledger, { now: new Date('2026-03-10T00:00:00.000Z') });
    expect(pruned).toMatchObject({ cutoff: '2026-02-08T00:00:00.000Z', deliveries: 1 });
    expect((await rowOf('old--L4'))[0]?.outcome).toBe('parked');
    expect(await rowOf('old--L5')).toEqual([]);
  });
});
