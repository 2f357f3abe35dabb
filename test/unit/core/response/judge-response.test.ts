import { describe, expect, it } from 'vitest';
import { DestinationSchema, type DestinationInput } from '../../../../src/config/destination-schema.js';
import { parseDestination } from '../../../../src/config/parse-destination.js';
import type { SendResult } from '../../../../src/core/delivery/send-result.js';
import { judgeResponse } from '../../../../src/core/response/judge-response.js';

const dest = (extra: Partial<DestinationInput>) => DestinationSchema.parse({ name: 'T', url: 'http://127.0.0.1:1/x', allow_insecure_http: true, ...extra });
const response = (status: number, body: string, contentType = 'application/json', headers: Record<string, string> = {}): SendResult => ({
  kind: 'response',
  url: 'http://127.0.0.1:1/x',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 10,
  response: { status, headers: { 'content-type': contentType, ...headers }, body, truncated: false },
});

describe('judgeResponse', () => {
  it('treats 2xx as success by default and 4xx as a non-retried failure', () => {
    expect(judgeResponse(dest({}), response(201, '{}')).outcome).toBe('success');
    const v = judgeResponse(dest({}), response(422, '{}'));
    expect(v).toMatchObject({ outcome: 'failure', errorCode: 'HTTP_422', retryable: false });
  });

  it('fails a 200 whose success_check value differs, naming what it found', () => {
    const v = judgeResponse(dest({ success_check: { path: 'status', value: 'success' } }), response(200, '{"status":"rejected"}'));
    expect(v.outcome).toBe('failure');
    expect(v.errorCode).toBe('RESPONSE_REJECTED');
    expect(v.reason).toContain('"rejected"');
  });

  it('needs every success_when condition', () => {
    const d = dest({ success_when: { status_code: 200, body: { created: true } } });
    expect(judgeResponse(d, response(200, '{"created":true}')).outcome).toBe('success');
    expect(judgeResponse(d, response(201, '{"created":true}')).outcome).toBe('failure');
    expect(judgeResponse(d, response(200, '{"created":false}')).outcome).toBe('failure');
  });

  it('reads XML with XPath: elements, attributes and text nodes', () => {
    const d = dest({ response_parser: { outcome: '//status', lead_id: '//lead/@id', note: '//note/text()' } });
    const v = judgeResponse(d, response(200, '<response><status>success</status><lead id="L7"/><note>ok</note></response>', 'application/xml'));
    expect(v.fields).toEqual({ outcome: 'success', lead_id: 'L7', note: 'ok' });
  });

  it('reads HTML with CSS selectors and @attr', () => {
    const d = dest({ response_parser: { id: 'span.lead@data-id', msg: 'p.msg' } });
    const v = judgeResponse(d, response(200, '<html><body><span class="lead" data-id="9">x</span><p class="msg"> Thanks </p></body></html>', 'text/html'));
    expect(v.fields).toEqual({ id: '9', msg: 'Thanks' });
  });

  it('reads form bodies and plain text with a capture group', () => {
    expect(judgeResponse(dest({ response_parser: { id: 'lead_id' } }), response(200, 'result=ok&lead_id=42', 'application/x-www-form-urlencoded')).fields).toEqual({ id: '42' });
    expect(judgeResponse(dest({ response_parser: { id: '/id: (\\d+)/' } }), response(200, 'accepted, id: 77', 'text/plain')).fields).toEqual({ id: '77' });
  });

  it('joins several wildcard matches with ", " in document order', () => {
    const v = judgeResponse(dest({ response_parser: { ids: 'leads.*.id', one: 'leads[1].id' } }), response(200, '{"leads":[{"id":1},{"id":2}]}'));
    expect(v.fields).toEqual({ ids: '1, 2', one: 2 });
  });

  it('searches a body that claims JSON but is not as text, and reports the invalid JSON', () => {
    const d = dest({ success_check: { path: 'status', value: 'ok' } });
    const v = judgeResponse(d, response(200, 'ok<html>oops', 'application/json'));
    expect(v).toMatchObject({ outcome: 'error', errorCode: 'RESPONSE_INVALID_JSON' });
    expect(v.reason).toMatch(/not valid JSON.*encoding/);
    const search = judgeResponse(dest({ outcome_search: { term: 'duplicate', outcome_on_match: 'failure' } }), response(200, 'bad: DUPLICATE lead', 'application/json'));
    expect(search).toMatchObject({ outcome: 'failure', errorCode: 'RESPONSE_REJECTED' });
  });

  it('extracts error details, reason, price and reference', () => {
    const d = dest({
      error_parser: { error_code: 'error.code', error_message: 'error.message', error_field: 'error.field' },
      price: 'payout',
      reference: 'ref',
    });
    const v = judgeResponse(d, response(400, '{"error":{"code":"INVALID_PHONE","message":"Phone number format invalid","field":"phone"}}'));
    expect(v.fields).toMatchObject({ error_code: 'INVALID_PHONE', error_message: 'Phone number format invalid', error_field: 'phone' });
    expect(v.reason).toContain('INVALID_PHONE: Phone number format invalid (field phone)');
    const ok = judgeResponse(d, response(200, '{"payout":"$12.50","ref":"R-1"}'));
    expect(ok).toMatchObject({ price: 12.5, reference: 'R-1' });
    expect(judgeResponse(dest({ price: 'payout', fallback_price: 3 }), response(200, '{}')).price).toBe(3);
  });

  it('a 401 to a fresh OAuth2 token is an AUTH_REFUSED error; a plain 401 stays a failure', () => {
    expect(judgeResponse(dest({}), response(401, '{}'))).toMatchObject({ outcome: 'failure', errorCode: 'HTTP_401' });
    const refused = judgeResponse(dest({}), { ...response(401, '{"error":"invalid_token"}'), freshTokenRefused: true } as SendResult);
    expect(refused).toMatchObject({ outcome: 'error', errorCode: 'AUTH_REFUSED', retryable: false });
    expect(refused.reason).toMatch(/fresh OAuth2 token too/);
  });

  it('a regex with named groups fills a field named after each group, in text and HTML bodies', () => {
    const d = dest({ response_parser: { result: '/id: (?<lead_id>\\d+), status: (?<status>\\w+)/' } });
    expect(judgeResponse(d, response(200, 'Lead id: 123, status: accepted', 'text/plain')).fields).toEqual({ result: '123', lead_id: '123', status: 'accepted' });
    const html = judgeResponse(d, response(200, '<html><body><p>id: 9, status: queued</p></body></html>', 'text/html'));
    expect(html.fields).toEqual({ result: '9', lead_id: '9', status: 'queued' });
    // Another key of the parser wins over a group of the same name; a group that matched nothing is left out.
    const both = dest({ response_parser: { status: '/state=(\\w+)/', all: { regex: 'id: (?<lead_id>\\d+)(?<note>!)?, status: (?<status>\\w+)' } } });
    expect(judgeResponse(both, response(200, 'id: 5, status: ok; state=final', 'text/plain')).fields).toEqual({ status: 'final', all: '5', lead_id: '5' });
    // error_parser too: the groups become error_code and error_message, and so the reason.
    const err = dest({ error_parser: { error_message: '/(?<error_code>E\\d+): (?<error_message>.+)/' } });
    const v = judgeResponse(err, response(400, 'E42: phone is invalid', 'text/plain'));
    expect(v.fields).toEqual({ error_code: 'E42', error_message: 'phone is invalid' });
    expect(v.reason).toContain('E42: phone is invalid');
  });

  it('names the Location of an unfollowed redirect', () => {
    const v = judgeResponse(dest({}), response(302, '', 'text/plain', { location: 'https://new.example/leads' }));
    expect(v.outcome).toBe('failure');
    expect(v.reason).toContain('redirect to https://new.example/leads');
  });

  it('rejects paths that do not compile, with their config path', () => {
    expect(() => parseDestination({ name: 'T', url: 'http://127.0.0.1/x', allow_insecure_http: true, response_parser: { a: '//status[' } })).toThrow(/response_parser\.a: /);
    expect(() => parseDestination({ name: 'T', url: 'http://127.0.0.1/x', allow_insecure_http: true, outcome_search: { term: '/(unclosed/' } })).toThrow(/outcome_search\.term: invalid regular expression/);
    expect(() => parseDestination({ name: 'T', url: 'http://127.0.0.1/x', allow_insecure_http: true, reason: { css: 'span[[' } })).toThrow(/reason\.css: invalid CSS selector/);
    expect(() => parseDestination({ name: 'T', url: 'http://127.0.0.1/x', allow_insecure_http: true, price: { xpath: '//a[' } })).toThrow(/price\.xpath: invalid XPath/);
  });
});
