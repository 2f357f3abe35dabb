import { createDecipheriv, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { batchRows } from '../../../../src/ledger/records/batch-rows.js';
import { deliveryVersion, isDuplicate, type DeliveryRecord } from '../../../../src/ledger/records/delivery-record.js';
import { deliveryRow } from '../../../../src/ledger/records/delivery-row.js';
import { distributionRows } from '../../../../src/ledger/records/distribution-rows.js';
import { unsealFields } from '../../../../src/ledger/records/lead-protection.js';
import { attempt, deliveryResult, flowResult, TEST_PROTECTION } from '../../../helpers/ledger-records.js';

const lead = { id: 'L1', email: '  Jane.Doe@Example.COM ', phone: '+1 (555) 010-2030', state: 'CA', utm: { source: 'fb' }, ssn: '123-45-6789' };
const context = { lead, intakeAt: '2026-03-01T09:59:59.000Z', currency: 'USD', source: 'fb', cost: 2.5 };

describe('deliveryRow', () => {
  it('records outcome, money, times and ids from a DeliveryResult', () => {
    const row = deliveryRow(deliveryResult({ price: 30, reference: 'CRM-9' }), context, TEST_PROTECTION);
    expect(row).toMatchObject({
      delivery_id: 'acme--L1', destination: 'Acme CRM', lead_id: 'L1', outcome: 'success', attempts: 1, http_status: 201, price: 30, reference: 'CRM-9',
      intake_at: '2026-03-01T09:59:59.000Z', first_success_at: '2026-03-01T10:00:00.250Z', finished_at: '2026-03-01T10:00:00.250Z',
      source: 'fb', cost: 2.5, currency: 'USD', workflow_id: 'acme--L1', duplicate: false, parked_since: null,
    });
  });

  it('keeps lead keys only as HMACs of their normalized values, and only the allowed fields', () => {
    const row = deliveryRow(deliveryResult(), context, TEST_PROTECTION);
    const hmac = (key: string, value: string) => `${key}:${createHmac('sha256', TEST_PROTECTION.hashKey).update(`${key}\u0000${value}`).digest('hex')}`;
    expect(row.key_hashes).toEqual([hmac('lead', 'L1'), hmac('email', 'jane.doe@example.com'), hmac('phone', '15550102030')]);
    expect(JSON.parse(row.lead_fields!)).toEqual({ state: 'CA', 'utm.source': 'fb' });
    expect(JSON.stringify(row)).not.toMatch(/jane|5550102030|123-45-6789/i);
  });

  it('seals the allowed fields with the codec key when one is configured', () => {
    const codecKeys = { currentKeyId: 'k2', keys: new Map([['k2', Buffer.alloc(32, 9)]]) };
    const row = deliveryRow(deliveryResult(), context, { ...TEST_PROTECTION, codecKeys });
    expect(row.lead_fields).toBeNull();
    expect(row.sealed_key_id).toBe('k2');
    expect(row.sealed_fields!.toString('latin1')).not.toContain('CA');
    // Decrypted independently: nonce (12), ciphertext, tag (16), as the payload codec lays it out.
    const sealed = row.sealed_fields!;
    const decipher = createDecipheriv('aes-256-gcm', Buffer.alloc(32, 9), sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString('utf8');
    expect(JSON.parse(plain)).toEqual({ state: 'CA', 'utm.source': 'fb' });
    expect(unsealFields(codecKeys, sealed, 'k2')).toEqual({ state: 'CA', 'utm.source': 'fb' });
  });

  it('orders a delivery\'s states by version: parked < retried by an operator < the next attempt\'s outcome', () => {
    const three = [1, 2, 3].map((n) => attempt(n, `2026-03-01T10:0${n}:00.000Z`, 100, 503, 'error'));
    const parked: DeliveryRecord = deliveryResult({ outcome: 'error', attempts: three });
    const states: DeliveryRecord[] = [
      { ...parked, outcome: 'pending', attempts: [] },
      { ...parked, outcome: 'retrying', attempts: three.slice(0, 1) },
      { ...parked, outcome: 'parked', parkedSince: '2026-03-01T10:03:00.100Z' },
      { ...parked, outcome: 'retrying', operatorActions: [{ at: '2026-03-01T11:00:00.000Z', action: 'retry' }] },
      deliveryResult({ attempts: [...three, attempt(4, '2026-03-01T11:00:01.000Z', 80, 200, 'success')], operatorActions: [{ at: '2026-03-01T11:00:00.000Z', action: 'retry' }] }),
    ];
    const versions = states.map(deliveryVersion);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
    const gaveUp = deliveryResult({ outcome: 'error', attempts: three, operatorActions: [{ at: '2026-03-01T11:00:00.000Z', action: 'give-up' }] });
    expect(deliveryVersion(gaveUp)).toBeGreaterThan(deliveryVersion(states[2]!));
    expect(deliveryRow(states[2]!, context, TEST_PROTECTION)).toMatchObject({ outcome: 'parked', parked_since: '2026-03-01T10:03:00.100Z', finished_at: null, first_success_at: null, http_status: 503 });
  });

  it('counts a lead as a duplicate when suppression kept it back or the destination said so', () => {
    expect(isDuplicate({ outcome: 'skipped', errorCode: 'DUPLICATE', reason: 'seen before' })).toBe(true);
    expect(isDuplicate({ outcome: 'failure', errorCode: 'RESPONSE_REJECTED', reason: 'Duplicate lead' })).toBe(true);
    expect(isDuplicate({ outcome: 'failure', errorCode: 'HTTP_409', reason: 'lead is a dupe' })).toBe(true);
    expect(isDuplicate({ outcome: 'failure', errorCode: 'HTTP_400', reason: 'invalid email' })).toBe(false);
    expect(isDuplicate({ outcome: 'success', reason: 'duplicate accepted anyway' })).toBe(false);
  });

  it('gives a failed delivery no price: only an accepted lead is paid for', () => {
    expect(deliveryRow(deliveryResult({ outcome: 'failure', price: 12, attempts: [attempt(1, '2026-03-01T10:00:00.000Z', 50, 422, 'failure')] }), context, TEST_PROTECTION).price).toBeNull();
  });
});

describe('batchRows', () => {
  it('gives each lead of a batch its own row, sharing the batch\'s attempts', () => {
    const batch = {
      batchId: 'batch-1', batcherId: 'batcher', destination: 'Bulk CRM', outcome: 'success' as const, reason: 'ok',
      attempts: [attempt(1, '2026-03-01T10:00:00.000Z', 400, 200, 'success')],
      leads: [
        { deliveryId: 'bulk--A', leadId: 'A', outcome: 'success' as const, reason: 'ok', price: 3 },
        { deliveryId: 'bulk--B', leadId: 'B', outcome: 'failure' as const, reason: 'duplicate', errorCode: 'ITEM_REJECTED' },
      ],
      finishedAt: '2026-03-01T10:00:00.400Z',
    };
    const rows = batchRows(batch, (id) => ({ intakeAt: '2026-03-01T09:00:00.000Z', currency: 'USD', lead: { email: `${id}@x.test` } }), TEST_PROTECTION);
    expect(rows.map((r) => [r.delivery_id, r.outcome, r.batch_id, r.workflow_id, r.price, r.duplicate, r.first_success_at])).toEqual([
      ['bulk--A', 'success', 'batch-1', 'batch-1', 3, false, '2026-03-01T10:00:00.400Z'],
      ['bulk--B', 'failure', 'batch-1', 'batch-1', null, true, '2026-03-01T10:00:00.400Z'],
    ]);
  });
});

describe('distributionRows', () => {
  it('records the sale and every buyer\'s part: eligible or skipped and why, bid, post and price', () => {
    const rows = distributionRows(flowResult('L7', 'Best Bid', 40), { lead: { email: 'a@b.c' }, currency: 'USD', cost: 6, source: 'fb' }, TEST_PROTECTION);
    expect(rows.distribution).toMatchObject({ distribution_id: 'flow-auto--L7', outcome: 'sold', winner: 'Best Bid', sold_to: ['Best Bid'], sale_price: 40, cost: 6, source: 'fb' });
    expect(rows.buyers.map((b) => [b.buyer, b.eligible, b.skipped, b.bid_price, b.post_outcome, b.price, b.sold])).toEqual([
      ['Best Bid', true, null, 40, 'success', 40, true],
      ['Runner Up', true, 'outbid', 39, null, null, false],
      ['Capped', false, 'cap reached (per_day 10)', null, null, null, false],
    ]);
  });
});
