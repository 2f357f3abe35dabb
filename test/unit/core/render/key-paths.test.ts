import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../../../src/config/parse-destination.js';
import { parseDestinationText } from '../../../../src/config/load-destination.js';
import { ConfigError } from '../../../../src/core/errors/config-error.js';
import type { Lead } from '../../../../src/core/lead/lead.js';
import { renderRequest } from '../../../../src/core/render/render-request.js';
import { grantedSecrets } from '../../../helpers/granted-secrets.js';

const lead: Lead = { id: 'l1', email: 'ann@example.com', first_name: 'Ann', last_name: 'Roe', items: [{ sku: 'A1' }, { sku: 'B2' }] };

async function rendered(config: Record<string, unknown>) {
  const r = await renderRequest(
    parseDestination({ name: 'Paths CRM', url: 'https://api.example.com/leads', ...config }),
    lead,
    { deliveryId: 'd-1', now: '2025-01-06T14:30:00.000Z' },
    grantedSecrets({}),
  );
  if (r.kind !== 'request') throw new Error('expected a request');
  return r.request;
}
const jsonBody = async (mapping: unknown, extra: Record<string, unknown> = {}) => JSON.parse((await rendered({ body: { format: 'json', mapping, ...extra } })).body!);

function issuesOf(config: Record<string, unknown>) {
  try {
    parseDestination({ name: 'x', url: 'https://a.example.com', ...config });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('a dot in an output key is a path; its numbered segments are array positions', () => {
  it('json: `0.name`, `1.name` make a top-level array', async () => {
    expect(await jsonBody({ '0.name': 'first_name', '1.name': 'last_name' })).toEqual([{ name: 'Ann' }, { name: 'Roe' }]);
  });

  it('json: a mapping written as a list is a top-level array', async () => {
    const d = parseDestinationText('name: x\nurl: https://a.example.com\nbody:\n  format: json\n  mapping:\n    - { email: email }\n    - first_name\n', 'list.yaml');
    const r = await renderRequest(d, lead, { deliveryId: 'd-1', now: '2025-01-06T14:30:00.000Z' }, grantedSecrets({}));
    expect(r.kind === 'request' && JSON.parse(r.request.body!)).toEqual([{ email: 'ann@example.com' }, 'Ann']);
  });

  it('json: `items.0.id` nests objects and arrays, in the order of the numbers, at any level', async () => {
    expect(
      await jsonBody({ 'items.1.id': 'items[1].sku', 'items.0.id': 'items[0].sku', 'customer.email': 'email', customer2: { 'name.first': 'first_name' } }),
    ).toEqual({ items: [{ id: 'A1' }, { id: 'B2' }], customer: { email: 'ann@example.com' }, customer2: { name: { first: 'Ann' } } });
  });

  it('json: a key without a dot stays a key, numbers included; constants stay as written', async () => {
    expect(await jsonBody({ answers: { '101': 'first_name' }, meta: { $value: { 'a.b': 1 } } })).toEqual({ answers: { '101': 'Ann' }, meta: { 'a.b': 1 } });
  });

  it('form and query: the same paths, written in the configured nesting', async () => {
    const form = await rendered({ body: { format: 'form', mapping: { 'contact.email': 'email', 'tags.0': 'first_name', 'tags.1': 'last_name' }, arrays: 'indices' } });
    expect(decodeURIComponent(form.body!)).toBe('contact[email]=ann@example.com&tags[0]=Ann&tags[1]=Roe');
    const get = await rendered({ method: 'GET', query: { mapping: { 'who.first': 'first_name' }, nesting: 'dots' } });
    expect(new URL(get.url).search).toBe('?who.first=Ann');
  });

  it('xml: an element name keeps its dot', async () => {
    const xml = await rendered({ body: { format: 'xml', mapping: { 'first.name': 'first_name' }, declaration: false } });
    expect(xml.body).toBe('<lead><first.name>Ann</first.name></lead>');
  });
});

describe('key paths that cannot be built are refused when the config is loaded', () => {
  it('a key that is both a value and a container', () => {
    expect(issuesOf({ body: { format: 'json', mapping: { customer: 'email', 'customer.email': 'email' } } })).toEqual([
      { path: 'body.mapping', message: expect.stringMatching(/`customer` and `customer\.email` both write `customer`/) },
    ]);
  });

  it('numbered and named keys in one place', () => {
    expect(issuesOf({ body: { format: 'json', mapping: { 'items.0.id': 'email', 'items.x': 'email' } } })).toEqual([
      { path: 'body.mapping', message: expect.stringMatching(/`items` gets both numbered \(0\) and named \(x\) keys/) },
    ]);
  });

  it('an empty segment', () => {
    expect(issuesOf({ body: { format: 'json', mapping: { 'a..b': 'email' } } })).toEqual([{ path: 'body.mapping', message: expect.stringMatching(/`a\.\.b` has an empty segment/) }]);
  });

  it('a top-level array in a form body or query, or with include_lead', () => {
    expect(issuesOf({ body: { format: 'form', mapping: { '0.a': 'email' } } })).toEqual([{ path: 'body.mapping', message: expect.stringMatching(/only a json body/) }]);
    expect(issuesOf({ query: { mapping: { '0.a': 'email' } } })).toEqual([{ path: 'query.mapping', message: expect.stringMatching(/only a json body/) }]);
    expect(issuesOf({ method: 'GET', body: { format: 'json', mapping: ['email'] } })).toEqual([{ path: 'body.mapping', message: expect.stringMatching(/GET request sends the mapping as query parameters/) }]);
    expect(issuesOf({ body: { format: 'json', include_lead: true, mapping: { '0.a': 'email' } } })).toEqual([
      { path: 'body.include_lead', message: expect.stringMatching(/include_lead adds the lead's fields to an object/) },
    ]);
  });
});
