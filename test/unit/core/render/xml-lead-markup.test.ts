import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../../../src/config/parse-destination.js';
import { renderRequest } from '../../../../src/core/render/render-request.js';

// An XML mapping's keys are written by the destination's author: `@name` is an attribute there.
// Values from the lead are data: an object in a lead becomes nested elements, never attributes,
// processing instructions, comments, CDATA or a doctype.

const ctx = { deliveryId: 'xml-1', now: '2026-01-05T15:00:00.000Z' };
const destination = parseDestination({
  name: 'XML',
  url: 'https://crm.example/leads',
  body: {
    format: 'xml',
    root: 'lead',
    mapping: { '@source': { $value: 'leadwire' }, '@kind': 'kind', name: 'name', info: 'info', items: 'items', pair: ['first', 'second'], calc: { $expr: 'info' } },
  },
});

async function xmlFor(lead: Record<string, unknown>): Promise<string> {
  const out = await renderRequest(destination, { id: '1', kind: 'web', name: 'Ann', ...lead }, ctx, () => '');
  if (out.kind !== 'request') throw new Error(out.reason);
  return out.request.body!;
}

/** What the result is: the XML, or the error's code and message. */
const attempt = (lead: Record<string, unknown>) => xmlFor(lead).catch((err: { code?: string; message: string }) => `${err.code}: ${err.message}`);

/** Keys the XML builder would read as markup rather than as an element name. */
const MARKUP_KEYS = ['@role', '#text', '?xml-stylesheet', '!DOCTYPE', '!--', '![CDATA[', ':@', '#comment', '#cdata', '@', '?', '!', 'a b', '1st', 'x:y', '<b>', ''];

describe('lead objects in an XML mapping are data only', () => {
  it.each(MARKUP_KEYS)('a lead key %j is refused, naming the field, wherever it sits', async (key) => {
    const hostile = { [key]: 'http://evil.example/x.xsl' };
    const placements: [Record<string, unknown>, string][] = [
      [{ name: hostile }, '`name`'],
      [{ info: { a: { b: { c: hostile } } } }, '`info.a.b.c`'],
      [{ items: [{ ok: 'fine' }, hostile] }, '`items[1]`'],
      [{ items: [{ list: [{ ok: 1 }, { deeper: hostile }] }] }, '`items[0].list[1].deeper`'],
      [{ first: 'x', second: hostile }, '`pair[1]`'],
    ];
    for (const [lead, field] of placements) {
      const out = await attempt(lead);
      expect({ lead, out }).toEqual({ lead, out: expect.stringMatching(/^XML_LEAD_VALUE_INVALID: /) });
      expect(out).toContain(field);
      expect(out).toContain(JSON.stringify(key));
    }
  });

  it('an expression that returns the lead’s object is data too', async () => {
    const out = await attempt({ info: { '@role': 'admin', '?pi': 'x' } });
    expect(out).toMatch(/^XML_LEAD_VALUE_INVALID: .*`(info|calc)`/);
  });

  it('a lead object or list where the author put an attribute or text is refused, not spread into markup', async () => {
    expect(await attempt({ kind: { a: 1 } })).toMatch(/^XML_LEAD_VALUE_INVALID: .*`@kind`.*attribute/);
    expect(await attempt({ kind: ['a', 'b'] })).toMatch(/^XML_LEAD_VALUE_INVALID: .*`@kind`/);
    expect(await attempt({ items: [['a', 'b']] })).toMatch(/^XML_LEAD_VALUE_INVALID: .*`items\[0\]`.*list inside a list/);
  });

  it('ordinary nested lead objects and lists still become elements, and the author’s attributes stay', async () => {
    const xml = await xmlFor({ kind: 'web', info: { a: { b: 'x<y' }, __cdata: 'plain', n: 3 }, items: [{ sku: 'A' }, { sku: 'B' }], first: 1, second: null });
    expect(xml).toContain('<lead source="leadwire" kind="web">');
    expect(xml).toContain('<info><a><b>x&lt;y</b></a><__cdata>plain</__cdata><n>3</n></info>');
    expect(xml).toContain('<items><sku>A</sku></items><items><sku>B</sku></items>');
    expect(xml).toContain('<pair>1</pair><pair></pair>');
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml);
    expect(Object.keys(parsed.lead).filter((k) => k.startsWith('@'))).toEqual(['@source', '@kind']);
  });

  it('no body is ever written with markup from a lead', async () => {
    for (const key of MARKUP_KEYS) {
      const out = await attempt({ info: { [key]: 'evil' }, name: { ok: { [key]: 'evil' } } });
      // Either refused, or (were a key ever let through) XML without the lead's markup.
      if (out.startsWith('XML_LEAD_VALUE_INVALID: ')) continue;
      expect({ key, out }).toEqual({ key, out: expect.not.stringMatching(/<\?xml-stylesheet|<!DOCTYPE|<!--|CDATA\[|role=|<:@|\?>evil|="evil"/) });
    }
  });
});
