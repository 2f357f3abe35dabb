import { describe, expect, it } from 'vitest';
import { batcherIdFor } from '../../../../src/client/submit-to-batch.js';
import { parseDestination } from '../../../../src/config/parse-destination.js';
import { parseFlow } from '../../../../src/config/load-flow.js';
import { ConfigError } from '../../../../src/core/errors/config-error.js';
import { DISTRIBUTION_ID_MAX_BYTES, DISTRIBUTION_ID_MAX_CHARS, ID_MAX_CHARS, TEMPORAL_ID_MAX_BYTES } from '../../../../src/core/delivery/bounded-id.js';
import { deliveryIdFor } from '../../../../src/core/delivery/delivery-id.js';
import { checkStartId, reservedShapeOf } from '../../../../src/core/delivery/reserved-ids.js';
import { distributionIdFor } from '../../../../src/core/flows/distribution-id.js';
import { capWorkflowIdFor, childDeliveryIdFor } from '../../../../src/core/flows/flow-ids.js';
import { LeadwireError } from '../../../../src/core/errors/leadwire-error.js';
import { searchKeyword } from '../../../../src/shared/search-keyword.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const chars = (s: string) => Array.from(s).length;
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof LeadwireError ? err.code : String(err);
  }
  return undefined;
};

describe('long ids stay unique', () => {
  const shared = 'L'.repeat(450);

  it('two leads whose delivery ids share their first 255 characters get two delivery ids, each short enough for a SQL store', () => {
    const a = deliveryIdFor('Acme CRM', `${shared}-a`);
    const b = deliveryIdFor('Acme CRM', `${shared}-b`);
    expect(a).not.toBe(b);
    expect(chars(a)).toBeLessThanOrEqual(ID_MAX_CHARS);
    expect(ID_MAX_CHARS).toBe(255);
    expect(a).toMatch(/^acme-crm--L+~[0-9a-f]{32}$/);
    // The same lead still gets the same id: the hash is of the whole id.
    expect(deliveryIdFor('Acme CRM', `${shared}-a`)).toBe(a);
  });

  it('two distributions of leads whose ids share their first 255 characters are two distributions', () => {
    expect(distributionIdFor('Auction', `${shared}-1`)).not.toBe(distributionIdFor('Auction', `${shared}-2`));
  });

  it('an id that fits is unchanged, so every id that worked before keeps its value', () => {
    expect(deliveryIdFor('Acme CRM', 'L-1')).toBe('acme-crm--L-1');
    expect(distributionIdFor('Auction', 'L-1')).toBe('flow-auction--L-1');
    const exactly255 = `acme-crm--${'x'.repeat(245)}`;
    expect(deliveryIdFor('Acme CRM', 'x'.repeat(245))).toBe(exactly255);
    expect(deliveryIdFor('Acme CRM', 'x'.repeat(246))).toMatch(/~[0-9a-f]{32}$/);
  });

  it('keeps multi-byte ids within Temporal’s byte limit, cut between characters, with room for every child id', () => {
    const wide = '한'.repeat(399); // 3 bytes each
    const delivery = deliveryIdFor('x', wide);
    const distribution = distributionIdFor('x', wide);
    expect(bytes(delivery)).toBeLessThanOrEqual(TEMPORAL_ID_MAX_BYTES);
    expect(bytes(distribution)).toBeLessThanOrEqual(DISTRIBUTION_ID_MAX_BYTES);
    expect(chars(delivery)).toBeLessThanOrEqual(ID_MAX_CHARS);
    expect(chars(distribution)).toBeLessThanOrEqual(DISTRIBUTION_ID_MAX_CHARS);
    expect(delivery).not.toContain('\uFFFD');
    const child = childDeliveryIdFor(distribution, 'B'.repeat(100), 'post');
    expect(bytes(child)).toBeLessThanOrEqual(TEMPORAL_ID_MAX_BYTES);
    expect(chars(child)).toBeLessThanOrEqual(ID_MAX_CHARS);
    // An emoji (two UTF-16 units) is never split in half.
    const emoji = deliveryIdFor('x', '😀'.repeat(300));
    expect(emoji).toMatch(/^x--(😀)+~[0-9a-f]{32}$/u);
  });
});

describe('batcher ids', () => {
  const d = parseDestination({ name: 'Acme Batch', url: 'https://api.example.com/leads', batch: { size: 10, timeout: 1000 } }, 'test');

  it('keys that differ only in characters an id cannot hold, or past 100 characters, get their own batchers', () => {
    expect(batcherIdFor(d, 'a b')).not.toBe(batcherIdFor(d, 'a/b'));
    expect(batcherIdFor(d, 'a b')).not.toBe(batcherIdFor(d, 'a-b'));
    expect(batcherIdFor(d, `${'k'.repeat(100)}1`)).not.toBe(batcherIdFor(d, `${'k'.repeat(100)}2`));
    expect(batcherIdFor(d, `${'k'.repeat(100)}1`).length).toBeLessThanOrEqual('batcher--acme-batch--'.length + 100);
  });

  it('a plain key keeps the id it had', () => {
    expect(batcherIdFor(d, '')).toBe('batcher--acme-batch');
    expect(batcherIdFor(d, 'campaign-7')).toBe('batcher--acme-batch--campaign-7');
  });
});

describe('reserved id shapes', () => {
  it('refuses, as a delivery or distribution id, every shape leadwire gives its own workflows', () => {
    const own = [
      capWorkflowIdFor('Acme'),
      childDeliveryIdFor('flow-auction--L9', 'Acme', 'post'),
      childDeliveryIdFor('my-own-distribution', 'Acme', 'ping'),
      'batcher--acme-batch--k',
      'batch--acme-batch--3-1a2b3c4d',
    ];
    for (const id of own) {
      expect(reservedShapeOf(id), id).toBeDefined();
      expect(codeOf(() => checkStartId(id, 'delivery id', true)), id).toBe('ID_RESERVED');
      expect(codeOf(() => checkStartId(id, 'distribution id', true)), id).toBe('ID_RESERVED');
    }
  });

  it('refuses a derived id that a lead id would bend into a reserved shape', () => {
    const id = deliveryIdFor('flow-auction', 'L9--acme--post');
    expect(id).toBe(childDeliveryIdFor('flow-auction--L9', 'acme', 'post'));
    expect(() => checkStartId(id, 'delivery id', false)).toThrow(/Give the lead another id/);
  });

  it('lets ordinary ids through, and says which shape and why when it refuses', () => {
    for (const id of ['acme-crm--L-1', 'order-5', 'post-office--L1', 'cap-acme', 'flow-auction--L9', 'my:id', 'L--posted']) {
      expect(codeOf(() => checkStartId(id, 'delivery id', true)), id).toBeUndefined();
    }
    expect(() => checkStartId('cap:acme', 'delivery id', true)).toThrow(/shape cap:…, which leadwire keeps for a buyer's caps/);
  });

  it('refuses a given distribution id that leaves no room for its children’s ids', () => {
    expect(codeOf(() => checkStartId('d'.repeat(DISTRIBUTION_ID_MAX_CHARS + 1), 'distribution id', true))).toBe('ID_TOO_LONG');
    expect(codeOf(() => checkStartId('d'.repeat(DISTRIBUTION_ID_MAX_CHARS), 'distribution id', true))).toBeUndefined();
    // A given delivery id longer than a SQL store keeps is refused with a 400, never a 500 from the store.
    expect(codeOf(() => checkStartId('d'.repeat(ID_MAX_CHARS + 1), 'delivery id', true))).toBe('ID_TOO_LONG');
    expect(codeOf(() => checkStartId('한'.repeat(ID_MAX_CHARS), 'delivery id', true))).toBeUndefined();
  });
});

describe('buyer names in ids', () => {
  it('refuses two buyers of one flow whose names give the same id slug', async () => {
    const buyer = (name: string) => ({ name, destination: { name: `${name} post`, url: 'https://api.example.com/leads' } });
    const err = await parseFlow({ name: 'f', strategy: 'all', buyers: [buyer('Acme.Inc'), buyer('acme inc')] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(/would share the id acme-inc/);
  });
});

describe('ids and search attributes a SQL store keeps', () => {
  it('a batcher of a destination with a 200-character name and a long key keeps its batches’ ids within 255 characters', () => {
    const long = parseDestination({ name: 'N'.repeat(200), url: 'https://api.example.com/leads', batch: { size: 10, timeout: 1000 } }, 'test');
    const id = batcherIdFor(long, 'k'.repeat(150));
    expect(chars(id)).toBeLessThanOrEqual(200);
    expect(batcherIdFor(long, 'k'.repeat(150))).toBe(id);
    expect(batcherIdFor(long, 'k'.repeat(151))).not.toBe(id);
    const batchId = `batch--${id.replace(/^batcher--/, '')}--999999-abcdef12`;
    expect(chars(batchId)).toBeLessThanOrEqual(ID_MAX_CHARS);
  });

  it('a lead id longer than a Keyword column is cut at 255 characters for the search attribute, never inside a character', () => {
    expect(searchKeyword('L-1')).toBe('L-1');
    expect(searchKeyword('x'.repeat(300))).toBe('x'.repeat(255));
    const emoji = searchKeyword('😀'.repeat(300));
    expect(chars(emoji)).toBe(255);
    expect(emoji).not.toContain('\uFFFD');
    expect(emoji).toMatch(/^(😀)+$/u);
  });
});
