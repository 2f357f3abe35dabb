import { describe, expect, it } from 'vitest';
import { parseLedgerSettings } from '../../../../src/ledger/config/load-ledger-settings.js';
import { costFor, margin } from '../../../../src/ledger/money/cost-for.js';

const settings = parseLedgerSettings({
  currency: 'EUR',
  default_cost: 0.5,
  sources: [
    { name: 'Partner A', api_key: 'partner-a', cost: 4 },
    { name: 'Facebook', field: 'utm.source', in: ['facebook', 'fb'], cost: 2.25 },
    { name: 'Zip 90210', field: 'zip', equals: '90210', cost: 9 },
    { name: 'Partner B premium', api_key: 'partner-b', field: 'tier', equals: 'premium', cost: 7 },
  ],
});

describe('costFor', () => {
  it('prices a lead by the first source rule it matches', () => {
    expect(costFor({ utm: { source: 'fb' } }, 'partner-a', settings)).toEqual({ source: 'Partner A', cost: 4, currency: 'EUR' });
    expect(costFor({ utm: { source: ' FaceBook ' } }, undefined, settings)).toEqual({ source: 'Facebook', cost: 2.25, currency: 'EUR' });
    expect(costFor({ zip: 90210 }, undefined, settings).source).toBe('Zip 90210');
  });

  it('needs every condition of a rule: API key and field', () => {
    expect(costFor({ tier: 'premium' }, 'partner-b', settings).cost).toBe(7);
    expect(costFor({ tier: 'basic' }, 'partner-b', settings)).toEqual({ source: 'partner-b', cost: 0.5, currency: 'EUR' });
    expect(costFor({ tier: 'premium' }, 'partner-c', settings).source).toBe('partner-c');
  });

  it('falls back to the API key\'s name, else unknown, at the default cost', () => {
    expect(costFor({}, undefined, settings)).toEqual({ source: 'unknown', cost: 0.5, currency: 'EUR' });
    expect(costFor({ utm: { source: { nested: 'fb' } } }, undefined, settings).source).toBe('unknown');
  });

  it('computes margin to the ledger\'s precision', () => {
    expect(margin(10.1, 0.2)).toBe(9.9);
    expect(margin(0.3, 0.1)).toBe(0.2);
  });
});
