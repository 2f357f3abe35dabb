import { describe, expect, it } from 'vitest';
import { canonicalJson, deliveryIdFor, destinationSlug, leadIdOf } from '../../../../src/core/delivery/delivery-id.js';
import { parseLeadJson, validateLead } from '../../../../src/core/lead/validate-lead.js';
import { getPath } from '../../../../src/core/paths/get-path.js';

describe('lead validation', () => {
  it.each([
    [null, /got null/],
    [[1, 2], /got an array/],
    ['hello', /got a string/],
    [42, /got a number/],
  ])('rejects %j with a message that says what a lead is', (value, message) => {
    expect(() => validateLead(value)).toThrow(message);
  });

  it('rejects text that is not JSON, naming the source', () => {
    expect(() => parseLeadJson('{email: x}', '--lead')).toThrow(/--lead is not valid JSON/);
  });

  it('rejects leads nested absurdly deep', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 40; i++) deep = deep.a = {};
    expect(() => validateLead(root)).toThrow(/nested more than/);
  });
});

describe('paths', () => {
  const lead = { customFields: { source: 'web' }, phones: [{ number: '1' }, { number: '2' }] };
  it('reads nested fields and array indexes in both spellings', () => {
    expect(getPath(lead, 'customFields.source')).toBe('web');
    expect(getPath(lead, 'phones[1].number')).toBe('2');
    expect(getPath(lead, 'phones.0.number')).toBe('1');
    expect(getPath(lead, 'missing.deeper')).toBeUndefined();
  });
  it('never walks into the prototype', () => {
    expect(getPath(lead, '__proto__')).toBeUndefined();
    expect(getPath(lead, 'constructor.name')).toBeUndefined();
  });
});

describe('delivery ids', () => {
  it('derive from the destination and the lead id', () => {
    expect(destinationSlug('My Custom CRM!')).toBe('my-custom-crm');
    expect(deliveryIdFor('My Custom CRM', leadIdOf({ id: 'L-1' }, 'id'))).toBe('my-custom-crm--L-1');
    expect(deliveryIdFor('x', 'L-1', 'given-id')).toBe('given-id');
  });
  it('hash a lead without an id so the same lead gets the same id whatever its key order', () => {
    const a = leadIdOf({ email: 'a@example.com', phone: '1' }, 'id');
    const b = leadIdOf({ phone: '1', email: 'a@example.com' }, 'id');
    const c = leadIdOf({ phone: '2', email: 'a@example.com' }, 'id');
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^sha256-[0-9a-f]{24}$/);
  });
  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}');
  });
});
