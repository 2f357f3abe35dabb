import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactHeaders } from '../../../../src/core/redact/redact-headers.js';
import { redactUrl, redactUrlsInText } from '../../../../src/core/redact/redact-url.js';
import { AddressBlockedError } from '../../../../src/core/errors/address-blocked-error.js';
import { createLogger } from '../../../../src/logging/create-logger.js';

describe('redactUrl', () => {
  it('redacts api_key-like query parameters, whatever their case, and keeps the rest', () => {
    for (const name of ['api_key', 'apikey', 'API_KEY', 'key', 'token', 'access_token', 'secret', 'password', 'signature', 'api-key', 'client_secret']) {
      expect(redactUrl(`https://crm.example/leads?a=1&${name}=s3cr3t&b=2`)).toBe(`https://crm.example/leads?a=1&${name}=${REDACTED}&b=2`);
    }
    expect(redactUrl('https://crm.example/leads?email=a%40b.c&page=2#frag')).toBe('https://crm.example/leads?email=a%40b.c&page=2#frag');
    expect(redactUrl('https://crm.example/leads?%61pi_key=s3cr3t')).toBe(`https://crm.example/leads?%61pi_key=${REDACTED}`);
    expect(redactUrl('https://crm.example/leads?api_key=***API_KEY***')).toBe(`https://crm.example/leads?api_key=${REDACTED}`);
  });

  it('redacts user-info credentials in the URL', () => {
    expect(redactUrl('https://user:pa55@crm.example/x')).toBe(`https://${REDACTED}@crm.example/x`);
  });

  it('survives malformed escapes without throwing', () => {
    expect(redactUrl('https://crm.example/x?%E0%A4%A=1&token=t')).toBe(`https://crm.example/x?%E0%A4%A=1&token=${REDACTED}`);
  });
});

describe('redactUrl and redactUrlsInText with the destination own parameter names', () => {
  it('redacts a custom parameter (an api_key auth with `query: k`) only when named', () => {
    expect(redactUrl('https://crm.example/leads?k=s3cr3t&page=2')).toBe('https://crm.example/leads?k=s3cr3t&page=2');
    expect(redactUrl('https://crm.example/leads?k=s3cr3t&page=2', ['k'])).toBe(`https://crm.example/leads?k=${REDACTED}&page=2`);
    expect(redactUrl('/leads/?K=s3cr3t', ['k'])).toBe(`/leads/?K=${REDACTED}`);
  });

  it('finds every URL in a text, absolute or relative, and keeps the words around them', () => {
    expect(redactUrlsInText('The destination answered HTTP 301 (a redirect to /leads/?api_key=s1&page=1&k=s2; leadwire does not...)', ['k'])).toBe(
      `The destination answered HTTP 301 (a redirect to /leads/?api_key=${REDACTED}&page=1&k=${REDACTED}; leadwire does not...)`,
    );
    expect(redactUrlsInText('<https://u:p@crm.example/a?token=t1>; rel="next", <https://crm.example/b?page=2>; rel="last"')).toBe(
      `<https://${REDACTED}@crm.example/a?token=${REDACTED}>; rel="next", <https://crm.example/b?page=2>; rel="last"`,
    );
    expect(redactUrlsInText('0; url=/leads/?access_token=t2')).toBe(`0; url=/leads/?access_token=${REDACTED}`);
    expect(redactUrlsInText('<a href="/x?a=1&amp;secret=t3">moved</a>')).toBe(`<a href="/x?a=1&amp;secret=${REDACTED}">moved</a>`);
    expect(redactUrlsInText('no url here, just key=value text')).toBe('no url here, just key=value text');
  });
});

describe('redactHeaders', () => {
  it('redacts credentials inside Location, Content-Location, Link and Refresh, custom parameters included', () => {
    const out = redactHeaders(
      {
        location: '/leads/?api_key=s1&k=s2&page=1',
        'content-location': 'https://crm.example/leads/?k=s2',
        link: '<https://crm.example/leads/?token=s3>; rel="canonical"',
        refresh: '0; url=https://crm.example/leads/?k=s2',
        'content-type': 'text/html',
      },
      ['k'],
    );
    expect(out).toEqual({
      location: `/leads/?api_key=${REDACTED}&k=${REDACTED}&page=1`,
      'content-location': `https://crm.example/leads/?k=${REDACTED}`,
      link: `<https://crm.example/leads/?token=${REDACTED}>; rel="canonical"`,
      refresh: `0; url=https://crm.example/leads/?k=${REDACTED}`,
      'content-type': 'text/html',
    });
  });

  it('redacts Authorization, X-API-Key, Cookie, Set-Cookie and signature headers', () => {
    const out = redactHeaders({
      Authorization: 'Bearer x',
      'x-api-key': 'k',
      cookie: 'sid=1',
      'set-cookie': ['a=1', 'b=2'],
      'webhook-signature': 'v1,abc',
      'x-hub-signature-256': 'sha256=abc',
      'x-signature': 'abc',
      'content-type': 'application/json',
    });
    expect(out).toEqual({
      Authorization: REDACTED,
      'x-api-key': REDACTED,
      cookie: REDACTED,
      'set-cookie': REDACTED,
      'webhook-signature': REDACTED,
      'x-hub-signature-256': REDACTED,
      'x-signature': REDACTED,
      'content-type': 'application/json',
    });
  });
});

describe('logs', () => {
  it('redacts credential query parameters, cookies and client secrets in log lines', () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) });
    const logger = createLogger({ destination, level: 'info' });
    logger.info({ url: 'https://crm.example/leads?api_key=k-123&x=1', cookie: 'sid=c-456', oauth: { client_secret: 'cs-789', access_token: 'at-000' } }, 'attempt');
    const text = lines.join('');
    expect(text).toContain('api_key=[redacted]');
    expect(text).not.toMatch(/k-123|c-456|cs-789|at-000/);
  });
});

describe('error messages', () => {
  it('the SSRF error names host, address and rule, and what to do', () => {
    const err = new AddressBlockedError('metadata.internal', '169.254.169.254', 'link-local (cloud metadata lives here) (169.254.0.0/16)');
    expect(err.code).toBe('ERR_LEADWIRE_ADDRESS_BLOCKED');
    expect(err.message).toMatch(/metadata\.internal \(169\.254\.169\.254\).*link-local.*LEADWIRE_ALLOW_NETWORKS/);
  });
});
