import { describe, expect, it } from 'vitest';
import { indexKeysFor, leadIndexKey } from '../../../../src/core/batch/lead-index-key.js';

describe('lead index keys', () => {
  // Expected values computed independently (FNV-1a 64-bit in Python, base 36, last 11 digits).
  it.each([
    ['a', '0ongoiv4rrg'],
    ['demo-crm--lead-1', '7y9fh492rkl'],
    ['é', 'w103ard8t1d'],
  ])('%s -> %s', (id, key) => {
    expect(leadIndexKey(id)).toBe(key);
  });

  it('fit a batch index under the search-attribute value limit', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `dest--lead-${i}`);
    const keys = indexKeysFor(ids, 2000);
    expect(keys.length).toBe(142);
    expect(Buffer.byteLength(JSON.stringify(keys))).toBeLessThanOrEqual(2000);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
