import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../../../src/config/parse-destination.js';
import type { Destination } from '../../../../src/config/destination-schema.js';
import { LeadwireError } from '../../../../src/core/errors/leadwire-error.js';
import { parseLeadJson, validateLead } from '../../../../src/core/lead/validate-lead.js';
import type { Lead } from '../../../../src/core/lead/lead.js';
import { renderRequest } from '../../../../src/core/render/render-request.js';
import { judgeResponse } from '../../../../src/core/response/judge-response.js';

import { prng, type Rng } from '../../../helpers/seeded-random.js';

const SEED = Number(process.env.LEADWIRE_FUZZ_SEED ?? 0x1ead);
const EXAMPLES = fileURLToPath(new URL('../../../../examples/destinations/', import.meta.url));
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parseDocument(readFileSync(EXAMPLES + f, 'utf8')).toJS() as Record<string, unknown>);

const deep = (depth: number): unknown => (depth === 0 ? 'x' : { a: deep(depth - 1) });
const HOSTILE_STRINGS = [
  '',
  'a\r\nX-Injected: yes',
  '{{ lead | json }}{% for i in (1..100000000) %}x{% endfor %}',
  '{% assign a = "x" %}{% for i in (1..1000) %}{% assign a = a | append: a %}{% endfor %}{{ a }}',
  '{{ "x" | append: "y" | size | times: 99999999999999999999 }}',
  '$expr: $string($)',
  '${NOT_SET}',
  '${env:PATH}',
  '\u0000\u0001\u0002',
  '\ud800\udfff\ud800',
  'caf\u00e9 \u202e\ufeff',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>',
  '<![CDATA[ ]]> </lead>',
  '../../../../etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  'x'.repeat(100_000),
  '__proto__',
  '"quoted", with, delimiters|and|pipes\t\n',
  '1e309',
  '-0',
];
const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -1,
  0,
  0.1,
  true,
  null,
  [],
  {},
  [1, [2, [3]]],
  deep(40),
  { __proto__: { polluted: true } },
  Array.from({ length: 1000 }, (_, i) => i),
];

function hostileValue(rng: Rng, depth = 0): unknown {
  const r = rng.next();
  if (depth < 3 && r < 0.15) return Object.fromEntries(Array.from({ length: rng.int(4) }, () => [rng.pick(['email', 'a', 'type', '__proto__', 'constructor', 'x.y', '']), hostileValue(rng, depth + 1)]));
  if (depth < 3 && r < 0.25) return Array.from({ length: rng.int(4) }, () => hostileValue(rng, depth + 1));
  if (r < 0.35) return Array.from({ length: rng.int(40) }, () => String.fromCharCode(rng.int(0x10000))).join('');
  return rng.pick(HOSTILE_VALUES);
}

/** A copy of `value` with one random node replaced by a hostile value. */
function mutate(rng: Rng, value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 6 || rng.next() < 0.2) return hostileValue(rng);
  if (Array.isArray(value)) {
    if (value.length === 0) return [hostileValue(rng)];
    const i = rng.int(value.length);
    return value.map((v, j) => (j === i ? mutate(rng, v, depth + 1) : v));
  }
  const entries = Object.entries(value);
  if (entries.length === 0 || rng.next() < 0.1) return { ...value, [rng.pick(['timeout', 'extra', 'tls', 'allow_insecure_http', 'validate_ssl', 'url'])]: hostileValue(rng) };
  const i = rng.int(entries.length);
  return Object.fromEntries(entries.map(([k, v], j) => [k, j === i ? mutate(rng, v, depth + 1) : v]));
}

/** Runs `fn` and checks it finished in time and either succeeded or failed with a LeadwireError that says why. */
async function explained<T>(what: string, fn: () => T | Promise<T>, budgetMs = 3000): Promise<T | undefined> {
  const started = performance.now();
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof LeadwireError)) throw new Error(`${what}: threw ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`, { cause: err });
    expect(err.code, what).toMatch(/^[A-Z0-9_]+$/);
    expect(err.message.length, what).toBeGreaterThan(10);
    return undefined;
  } finally {
    expect(performance.now() - started, `${what} took too long`).toBeLessThan(budgetMs);
  }
}

const resolveAnything = Object.assign((name: string) => `secret-${name}`, {});
const context = { deliveryId: 'fuzz-1', now: '2026-01-05T15:00:00.000Z' };

describe(`fuzz (seed ${SEED}; set LEADWIRE_FUZZ_SEED to vary)`, () => {
  it('hostile configs: parseDestination accepts or explains, never crashes', async () => {
    const rng = prng(SEED);
    for (let i = 0; i < 400; i++) {
      const raw = mutate(rng, rng.pick(examples));
      await explained(`config #${i}`, () => parseDestination(raw, 'fuzz'));
    }
  });

  it('hostile leads: validation and rendering accept or explain, within time', async () => {
    const rng = prng(SEED + 1);
    const destinations: Destination[] = examples.map((e) => parseDestination(e));
    for (let i = 0; i < 300; i++) {
      const destination = rng.pick(destinations);
      const raw = rng.next() < 0.5 ? mutate(rng, { id: 'L1', email: 'a@example.com', phone: '555', first_name: 'A', type: 'sales', score: 50, region: 'west' }) : hostileValue(rng);
      const lead = await explained(`lead #${i}`, () => validateLead(raw));
      if (!lead) continue;
      await explained(`render #${i} (${destination.name})`, () => renderRequest(destination, lead as Lead, context, resolveAnything));
    }
  });

  it('lead JSON text: invalid UTF-8, huge numbers and deep nesting are refused with a reason', async () => {
    const invalidUtf8 = Buffer.concat([Buffer.from('{"email":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]).toString('utf8');
    const cases = [invalidUtf8, '{"n": 1e999999}', `${'['.repeat(10_000)}${']'.repeat(10_000)}`, `{"a":${'{"a":'.repeat(100)}1${'}'.repeat(100)}}`, '{"id": 123456789012345678901234567890}', 'not json'];
    for (const text of cases) {
      const lead = await explained(`lead text ${text.slice(0, 20)}`, () => parseLeadJson(text));
      if (lead) {
        // Accepted leads are neutralised: invalid bytes became U+FFFD.
        const rendered = await explained('render accepted lead', () => renderRequest(parseDestination(examples[0]!), lead, context, resolveAnything));
        if (rendered?.kind === 'request') expect(typeof rendered.request.body === 'string' || rendered.request.body === undefined).toBe(true);
      }
    }
    await expect(Promise.resolve().then(() => parseLeadJson(`{"a":${'{"a":'.repeat(100)}1${'}'.repeat(100)}}`))).rejects.toMatchObject({ code: 'LEAD_TOO_DEEP' });
    // A number JSON cannot carry exactly is refused, naming the field, rather than sent as null or rounded.
    expect(() => parseLeadJson('{"n": 1e999999}')).toThrow(/field n is not a finite number.*Send it as a string/);
    expect(() => parseLeadJson('{"buyer": {"ids": [1, 123456789012345678901234567890]}}')).toThrow(/field buyer\.ids\[1\] is an integer larger than 9007199254740991/);
  });

  it('hostile response bodies: judgeResponse always gives a verdict with a reason', async () => {
    const rng = prng(SEED + 2);
    const destinations: Destination[] = examples.map((e) => parseDestination(e));
    const TYPES = ['application/json', 'application/xml', 'text/xml', 'text/html', 'application/x-www-form-urlencoded', 'text/plain', '', 'application/octet-stream', 'application/json; charset=utf-16'];
    const BODIES = [
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><r><status>&lol2;</status></r>',
      '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r><status>&xxe;</status></r>',
      `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      '{"status": 1e999, "price": -1e308, "lead": {"id": 123456789012345678901234567890}}',
      `<r>${'<a>'.repeat(3000)}${'</a>'.repeat(3000)}</r>`,
      Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0xc3, 0x28]).toString('utf8'),
      '<html><body><span class="x">'.repeat(500),
      'a=1&a=2&status=success&'.repeat(500),
    ];
    for (let i = 0; i < 500; i++) {
      const destination = rng.pick(destinations);
      const body = rng.next() < 0.5 ? rng.pick(BODIES) : String(hostileValue(rng));
      const status = rng.pick([200, 201, 204, 301, 302, 400, 401, 404, 409, 422, 429, 500, 503, 999, 0]);
      const verdict = await explained(`response #${i} (${destination.name})`, () =>
        judgeResponse(destination, {
          kind: 'response',
          url: 'https://crm.example/leads',
          startedAt: context.now,
          durationMs: 1,
          response: { status, headers: { 'content-type': rng.pick(TYPES), 'retry-after': String(hostileValue(rng)).slice(0, 40) }, body, truncated: false },
        }),
      );
      expect(verdict, `response #${i}`).toBeDefined();
      expect(typeof verdict!.reason).toBe('string');
      expect(JSON.stringify(verdict)).not.toContain('root:x:0:0');
    }
  });
});
