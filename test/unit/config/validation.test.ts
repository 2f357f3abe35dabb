import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../../src/config/parse-destination.js';
import { ConfigError } from '../../../src/core/errors/config-error.js';

function issues(extra: Record<string, unknown>): string[] {
  try {
    parseDestination({ name: 'Bad', url: 'http://127.0.0.1:8787/leads', allow_insecure_http: true, ...extra });
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  return [];
}

describe('request options rejected at validation time, with path and reason', () => {
  it('an unknown body format', () => {
    expect(issues({ body: { format: 'yaml', mapping: {} } })).toEqual([expect.stringMatching(/^body\.format: expected a body `format` of: json, form, xml/)]);
  });

  it('a template that does not parse', () => {
    expect(issues({ body: { format: 'xml', template: '<a>{{ email </a>' } })[0]).toMatch(/^body\.template: template does not parse/);
    expect(issues({ body: { format: 'text', template: '{{ email | no_such_filter }}' } })[0]).toMatch(/^body\.template: template does not parse.*no_such_filter/);
    expect(issues({ body: { format: 'json', mapping: { name: { $template: '{% if %}' } } } })[0]).toMatch(/^body\.mapping\.name\.\$template: template does not parse/);
  });

  it('a mapping path that is not a path', () => {
    expect(issues({ body: { format: 'json', mapping: { email: 'e mail!' } } })[0]).toMatch(/^body\.mapping\.email: expected a lead field path/);
  });

  it('an expression that does not parse, or refers to nothing', () => {
    expect(issues({ skip: [{ when: 'score <', reason: 'x' }] })[0]).toMatch(/^skip\[0\]\.when: expression does not parse/);
    expect(issues({ routes: [{ when: '$hours < 9', url: 'http://127.0.0.1:8787/a' }] })[0]).toMatch(/^routes\[0\]\.when: expression refers to \$hours, which is not defined/);
    expect(issues({ skip: [{ when: '($x := 3; score < $x)', reason: 'ok' }] })).toEqual([]);
    expect(issues({ skip: [{ when: '$string(score) = "10" and $hour < 9', reason: 'ok' }] })).toEqual([]);
  });

  it('a rule with no reason, a route with no url, and no default url', () => {
    expect(issues({ skip: [{ when: 'score < 50' }] })[0]).toMatch(/^skip\[0\]\.reason: /);
    expect(issues({ routes: [{ when: 'type = "sales"' }] })[0]).toMatch(/^routes\[0\]\.url: expected a URL/);
    expect(() => parseDestination({ name: 'No default', routes: [{ when: 'true', url: 'http://127.0.0.1/a' }] })).toThrow(/url: expected a URL/);
  });

  it('auth with an unknown type, HMAC with a bad algorithm, a bad time zone', () => {
    expect(issues({ auth: { type: 'kerberos' } })[0]).toMatch(/^auth/);
    expect(issues({ auth: { type: 'hmac', secret: '${S}', algorithm: 'md5' } })[0]).toMatch(/^auth\.algorithm: /);
    expect(issues({ time_zone: 'Mars/Olympus' })[0]).toMatch(/^time_zone: expected an IANA time zone/);
  });

  it('a header value with CR or LF', () => {
    expect(issues({ headers: { 'X-Evil': 'a\r\nSet-Cookie: x' } })).toEqual(['headers.X-Evil: a header value may not contain a line break (CR or LF)']);
  });

  it('accepts the guide forms: auth { username, password } alone means basic', () => {
    const d = parseDestination({ name: 'Ok', url: 'http://127.0.0.1:8787/leads', allow_insecure_http: true, auth: { username: 'u', password: '${P}' } });
    expect(d.auth).toEqual({ type: 'basic', username: 'u', password: '${P}' });
  });
});
