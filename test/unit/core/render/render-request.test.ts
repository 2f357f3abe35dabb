import { readFileSync } from 'node:fs';
import { LEADWIRE_VERSION } from '../../../../src/core/render/user-agent.js';
import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../../../src/config/parse-destination.js';
import { renderRequest } from '../../../../src/core/render/render-request.js';
import { csvField, fixedField } from '../../../../src/core/render/encode-text.js';
import { encodeForm } from '../../../../src/core/render/encode-form.js';
import { endpointOrder } from '../../../../src/core/render/endpoint-order.js';
import { maskingSecretResolver } from '../../../../src/core/secrets/secret-refs.js';
import { grantedSecrets } from '../../../helpers/granted-secrets.js';
import type { Lead } from '../../../../src/core/lead/lead.js';

const lead: Lead = { id: 'l1', email: 'a@example.com', first_name: 'Ann', score: 72, price: 12.5, tags: ['x', 'y'] };
const ctx = { deliveryId: 'd-1', now: '2025-01-06T14:30:00.000Z' }; // a Monday, 09:30 in New York

const render = (config: Record<string, unknown>, l: Lead = lead, now = ctx.now, env: Record<string, string> = {}) =>
  renderRequest(parseDestination({ name: 'T', url: 'http://127.0.0.1:8787/leads', allow_insecure_http: true, ...config }), l, { ...ctx, now }, grantedSecrets(env));

const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('renderRequest', () => {
  it('business hours follow the configured zone and the time passed in', async () => {
    const config = { time_zone: 'America/New_York', routes: [{ when: '$hour < 9 or $hour > 17 or $weekday > 5', url: 'http://127.0.0.1:8787/after-hours' }] };
    const at = async (now: string) => {
      const r = await render(config, lead, now);
      return r.kind === 'request' ? r.request.url : r.reason;
    };
    expect(await at('2025-01-06T14:30:00.000Z')).toBe('http://127.0.0.1:8787/leads'); // Mon 09:30 EST
    expect(await at('2025-01-06T13:30:00.000Z')).toBe('http://127.0.0.1:8787/after-hours'); // Mon 08:30 EST
    expect(await at('2025-01-06T23:30:00.000Z')).toBe('http://127.0.0.1:8787/after-hours'); // Mon 18:30 EST
    expect(await at('2025-01-11T15:00:00.000Z')).toBe('http://127.0.0.1:8787/after-hours'); // Saturday
    expect(await at('2025-07-07T13:30:00.000Z')).toBe('http://127.0.0.1:8787/leads'); // Mon 09:30 EDT
  });

  it('skip rules give the first matching reason', async () => {
    const config = { skip: [{ when: 'score < 50', reason: 'Score too low for API' }, { when: '$not($exists(email))', reason: 'No email' }] };
    expect(await render(config, { ...lead, score: 20 })).toEqual({ kind: 'skip', reason: 'Score too low for API' });
    expect(await render(config, { id: 'x', score: 90 })).toEqual({ kind: 'skip', reason: 'No email' });
    expect((await render(config)).kind).toBe('request');
  });

  it('an expression that runs too long is a RenderError, not a hung worker', async () => {
    const config = { body: { format: 'json', mapping: { n: { $expr: '($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $sum([1..2000000].$f(1)))' } } } };
    const started = Date.now();
    await expect(render(config)).rejects.toMatchObject({ code: 'EXPRESSION_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('on_missing: omit (default), null, or error naming the field', async () => {
    const body = (on_missing?: string) => ({ body: { format: 'json', mapping: { email: 'email', phone: 'phone' }, ...(on_missing ? { on_missing } : {}) } });
    const get = async (c: Record<string, unknown>) => {
      const r = await render(c);
      return r.kind === 'request' ? r.request.body : undefined;
    };
    expect(await get(body())).toBe('{"email":"a@example.com"}');
    expect(await get(body('null'))).toBe('{"email":"a@example.com","phone":null}');
    await expect(render(body('error'))).rejects.toMatchObject({ code: 'LEAD_FIELD_MISSING', message: expect.stringContaining('`phone`') });
  });

  it('keeps types, maps arrays and constants, renders $template and $expr', async () => {
    const r = await render({
      body: { format: 'json', mapping: { score: 'score', tags: 'tags', list: ['email', { $value: 'const' }], full: { $template: '{{ first_name }} <{{ email }}>' }, double: { $expr: 'score * 2' }, active: true } },
    });
    expect(r.kind === 'request' && JSON.parse(r.request.body!)).toEqual({ score: 72, tags: ['x', 'y'], list: ['a@example.com', 'const'], full: 'Ann <a@example.com>', double: 144, active: true });
  });

  it('user headers override the default Content-Type whatever their case; a secret with a line break is refused', async () => {
    const r = await render({ headers: { 'content-type': 'application/vnd.crm+json' } });
    expect(r.kind === 'request' && r.request.headers).toEqual({ 'content-type': 'application/vnd.crm+json', 'Idempotency-Key': 'd-1', 'User-Agent': `leadwire/${pkg.version}` });
    await expect(render({ headers: { 'X-Key': '${K}' } }, lead, ctx.now, { K: 'a\r\nb' })).rejects.toMatchObject({ code: 'HEADER_INVALID' });
  });

  // Issue 21: requests said `User-Agent: got (https://github.com/sindresorhus/got)`.
  it('sends User-Agent leadwire/<version>, unless the destination sets its own, whatever its case', async () => {
    const plain = await render({});
    expect(plain.kind === 'request' && plain.request.headers['User-Agent']).toBe(`leadwire/${pkg.version}`);
    expect(LEADWIRE_VERSION).toBe(pkg.version);
    const own = await render({ headers: { 'user-agent': 'AcmeBridge/2.0' } });
    expect(own.kind === 'request' && own.request.headers).toMatchObject({ 'user-agent': 'AcmeBridge/2.0' });
    expect(own.kind === 'request' && Object.keys(own.request.headers).filter((h) => h.toLowerCase() === 'user-agent')).toEqual(['user-agent']);
  });

  it('XML refuses a template that produces broken XML for a lead', async () => {
    await expect(render({ body: { format: 'xml', template: '<a>{{ email }}</b>' } })).rejects.toMatchObject({ code: 'XML_INVALID' });
  });

  it('a delimited value holding the delimiter is refused, not sent corrupt', async () => {
    await expect(render({ body: { format: 'delimited', fields: ['email', 'first_name'] } }, { ...lead, first_name: 'A|B' })).rejects.toMatchObject({ code: 'DELIMITER_IN_VALUE' });
  });

  it('secrets in templates are resolved from config text only; masked in previews', async () => {
    const config = { body: { format: 'text', template: 'key=${API_KEY};note={{ note }}' } };
    const l = { ...lead, note: '${API_KEY}' };
    const real = await render(config, l, ctx.now, { API_KEY: 's3cret' });
    expect(real.kind === 'request' && real.request.body).toBe('key=s3cret;note=${API_KEY}');
    const shown = await renderRequest(parseDestination({ name: 'T', url: 'http://127.0.0.1:8787/leads', allow_insecure_http: true, ...config }), l, ctx, maskingSecretResolver);
    expect(shown.kind === 'request' && shown.request.body).toBe('key=***API_KEY***;note=${API_KEY}');
  });
});

describe('encoders', () => {
  it('form: nesting and array styles, numbers as JavaScript writes them', () => {
    const v = { a: { b: 1 }, k: [1, 2], p: '12.50', n: 12.5 };
    expect(encodeForm(v, { nesting: 'brackets', arrays: 'repeat' })).toBe('a%5Bb%5D=1&k=1&k=2&p=12.50&n=12.5');
    expect(encodeForm(v, { nesting: 'dots', arrays: 'brackets' })).toBe('a.b=1&k%5B%5D=1&k%5B%5D=2&p=12.50&n=12.5');
    expect(encodeForm(v, { nesting: 'brackets', arrays: 'indices' })).toBe('a%5Bb%5D=1&k%5B0%5D=1&k%5B1%5D=2&p=12.50&n=12.5');
    expect(encodeForm({ k: [1, 2], s: 'a b&c' }, { nesting: 'brackets', arrays: 'comma' })).toBe('k=1%2C2&s=a+b%26c');
  });

  it('CSV fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('fixed width pads, right-aligns and cuts by characters', () => {
    expect(fixedField('ab', { width: 5, align: 'left', pad: ' ' })).toBe('ab   ');
    expect(fixedField(42, { width: 5, align: 'right', pad: '0' })).toBe('00042');
    expect(fixedField('héllo wörld', { width: 5, align: 'left', pad: ' ' })).toBe('héllo');
  });

  it('endpoint order starts at the pick and wraps for failover', () => {
    expect(endpointOrder(3, 'round_robin', 4)).toEqual([1, 2, 0]);
    expect(endpointOrder(3, 'in_order', 4)).toEqual([0, 1, 2]);
  });
});
