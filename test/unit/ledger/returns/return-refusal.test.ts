import { describe, expect, it } from 'vitest';
import { returnRefusal } from '../../../../src/ledger/returns/return-refusal.js';

const policies = { Acme: { window: 72 * 3600_000, reasons: ['bad_phone', 'fraud'] }, Zeta: { window: 3600_000 } };
const sale = { delivery_id: 'acme--L1', first_success_at: new Date('2026-03-01T10:00:00Z'), finished_at: new Date('2026-03-01T10:00:01Z') };
const at = (iso: string) => new Date(iso);

describe('returnRefusal', () => {
  it('accepts a return inside the window counted from the first accepted response', () => {
    expect(returnRefusal(policies, { buyer: 'Acme', reason: 'bad_phone', leadId: 'L1' }, at('2026-03-04T09:59:59Z'), [sale])).toBeUndefined();
    expect(returnRefusal(policies, { buyer: 'Zeta', reason: 'anything', leadId: 'L1' }, at('2026-03-01T11:00:00Z'), [sale])).toBeUndefined();
  });

  it('refuses outside the window, before the sale, and for a buyer or reason without a policy', () => {
    expect(returnRefusal(policies, { buyer: 'Acme', reason: 'bad_phone', leadId: 'L1' }, at('2026-03-04T10:00:01Z'), [sale])?.code).toBe('RETURN_WINDOW_CLOSED');
    expect(returnRefusal(policies, { buyer: 'Acme', reason: 'bad_phone', leadId: 'L1' }, at('2026-03-01T09:00:00Z'), [sale])?.code).toBe('RETURN_WINDOW_CLOSED');
    expect(returnRefusal(policies, { buyer: 'Other', reason: 'x', leadId: 'L1' }, at('2026-03-01T11:00:00Z'), [sale])?.code).toBe('RETURN_NOT_ALLOWED');
    expect(returnRefusal(policies, { buyer: 'Acme', reason: 'changed_mind', leadId: 'L1' }, at('2026-03-01T11:00:00Z'), [sale])?.message).toContain('only for: bad_phone, fraud');
  });

  it('needs exactly one sale to credit', () => {
    expect(returnRefusal(policies, { buyer: 'Acme', reason: 'fraud', leadId: 'L9' }, at('2026-03-01T11:00:00Z'), [])?.code).toBe('RETURN_NOT_FOUND');
    expect(returnRefusal(policies, { buyer: 'Acme', reason: 'fraud', leadId: 'L1' }, at('2026-03-01T11:00:00Z'), [sale, { ...sale, delivery_id: 'acme--L1-again' }])?.message).toContain('name the delivery id');
  });
});
