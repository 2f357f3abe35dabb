import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../../../src/config/parse-destination.js';
import { ConfigError } from '../../../../src/core/errors/config-error.js';
import { renderRequest } from '../../../../src/core/render/render-request.js';
import { judgeResponse } from '../../../../src/core/response/judge-response.js';
import { grantedSecrets } from '../../../helpers/granted-secrets.js';

const ctx = { deliveryId: 'bad-1', now: '2026-01-05T15:00:00.000Z' };
const secrets = grantedSecrets({ TOKEN: 'ok', CRLF: 'a\r\nX-Injected: 1' });
const base = { name: 'Bad input', url: 'https://crm.example/leads' };

describe('hostile input is refused or neutralised', () => {
  it('template injection: Liquid or JSONata in a lead value is data, never evaluated', async () => {
    const d = parseDestination({ ...base, body: { format: 'text', template: 'NAME={{ lead.name }}' } });
    const out = await renderRequest(d, { id: '1', name: '{{ 7 | times: 7 }}{% assign x = 1 %}${TOKEN}' }, ctx, secrets);
    expect(out.kind === 'request' && out.request.body).toBe('NAME={{ 7 | times: 7 }}{% assign x = 1 %}${TOKEN}');
  });

  it('XML bodies escape markup and entity declarations from the lead', async () => {
    const d = parseDestination({ ...base, body: { format: 'xml', root: 'lead', mapping: { name: 'name' } } });
    const out = await renderRequest(d, { id: '1', name: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;</name>' }, ctx, secrets);
    const body = out.kind === 'request' ? String(out.request.body) : '';
    expect(body).not.toContain('<!DOCTYPE');
    expect(body).toContain('&lt;!DOCTYPE');
  });

  it('XML responses with a DTD are not processed (no entity expansion, no external entities)', () => {
    const d = parseDestination({ ...base, response_parser: { status: { xpath: '/r/status' } } });
    const verdict = judgeResponse(d, {
      kind: 'response',
      url: base.url,
      startedAt: ctx.now,
      durationMs: 1,
      response: { status: 200, headers: { 'content-type': 'application/xml' }, body: '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r><status>&xxe;</status></r>', truncated: false },
    });
    expect(JSON.stringify(verdict)).not.toMatch(/root:/);
    expect(verdict.fields.status).toBeUndefined();
  });

  it('header injection: a CR/LF in a configured header or a secret is refused', async () => {
    expect(() => parseDestination({ ...base, headers: { 'X-A': 'a\r\nX-B: b' } })).toThrow(/headers\.X-A: a header value may not contain a line break/);
    const d = parseDestination({ ...base, headers: { 'X-A': '${CRLF}' } });
    await expect(renderRequest(d, { id: '1' }, ctx, secrets)).rejects.toMatchObject({ message: expect.stringMatching(/line break/) });
  });

  it('huge numbers and out-of-range limits in configs are refused with their path', () => {
    expect(() => parseDestination({ ...base, timeout: 1e308 })).toThrow(ConfigError);
    expect(() => parseDestination({ ...base, response_max_bytes: Number.MAX_SAFE_INTEGER + 2 })).toThrow(/response_max_bytes/);
    expect(() => parseDestination({ ...base, retry: { max_attempts: 1e9 } })).toThrow(/retry\.max_attempts/);
  });
});

describe('regular expressions from config', () => {
  it('refuses a pattern that can backtrack exponentially, with its path, at validation time', () => {
    const base = { name: 'R', url: 'https://crm.example/leads' };
    expect(() => parseDestination({ ...base, response_parser: { id: '/(a+)+$/' } })).toThrow(/response_parser\.id: .*backtrack exponentially/);
    expect(() => parseDestination({ ...base, outcome_search: { term: '/^(\\w+\\s?)*$/' } })).toThrow(/outcome_search\.term: .*backtrack exponentially/);
    expect(() => parseDestination({ ...base, response_parser: { id: '/lead id: (\\d+)/i' } })).not.toThrow();
  });
});
