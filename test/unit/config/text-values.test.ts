import { describe, expect, it } from 'vitest';
import { parseDestinationText } from '../../../src/config/load-destination.js';
import { parseDestination } from '../../../src/config/parse-destination.js';
import { parseSecretsFile } from '../../../src/config/parse-secrets-file.js';
import { ConfigError } from '../../../src/core/errors/config-error.js';
import { renderRequest } from '../../../src/core/render/render-request.js';
import { grantedSecrets } from '../../helpers/granted-secrets.js';

/** A destination file: the lines after `name` and `url`. */
const load = (yaml: string) => parseDestinationText(`name: Text CRM\nurl: https://api.example.com/leads\n${yaml}\n`, 'text.yaml');

function issuesOf(yaml: string) {
  try {
    load(yaml);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('a number or boolean written where the value is text is taken as text, as YAML wrote it', () => {
  it('basic auth: a numeric username and password (the shorthand and with type)', () => {
    expect(load('auth: { username: 2024, password: 12345 }').auth).toEqual({ type: 'basic', username: '2024', password: '12345' });
    expect(load('auth: { type: basic, username: 7, password: 0123 }').auth).toEqual({ type: 'basic', username: '7', password: '0123' });
  });

  it('every credential of every auth type', () => {
    expect(load('auth: { type: bearer, token: 1.50 }').auth).toMatchObject({ token: '1.50' });
    expect(load('auth: { type: api_key, key: 0x1F, query: 42 }').auth).toMatchObject({ key: '0x1F', query: '42' });
    expect(load('auth: { type: hmac, secret: 1e3 }').auth).toMatchObject({ secret: '1e3' });
    expect(load('auth: { type: standard_webhooks, secret: 99 }').auth).toMatchObject({ secret: '99' });
    expect(load('auth: { type: standard_webhooks, secret: [1, True] }').auth).toMatchObject({ secret: ['1', 'True'] });
    expect(load('auth: { type: oauth2_client_credentials, token_url: "https://auth.example.com/token", client_id: 000123, client_secret: 456, scope: 7, audience: true }').auth).toMatchObject({
      client_id: '000123',
      client_secret: '456',
      scope: '7',
      audience: 'true',
    });
  });

  it('header values keep the text as written, a leading zero included', () => {
    expect(load('headers: { X-Zip: 01234, X-Version: 2.10, X-Flag: yes, X-On: TRUE }').headers).toEqual({ 'X-Zip': '01234', 'X-Version': '2.10', 'X-Flag': 'yes', 'X-On': 'TRUE' });
  });

  it('a skip reason, a default reason, an expression `true`', () => {
    const d = load('skip: [{ when: true, reason: 404 }]\ndefault_reason: 17\nroutes: [{ when: false, url: "https://b.example.com" }]');
    expect(d.skip).toEqual([{ when: 'true', reason: '404' }]);
    expect(d.default_reason).toBe('17');
    expect(d.routes![0]!.when).toBe('false');
  });

  it('mapping constants with a leading zero are the text as written; other numbers stay numbers', async () => {
    const d = load(
      'body:\n  format: json\n  mapping:\n    zip: { $value: 01234 }\n    plus4: 0042\n    area: { $path: area, $default: 007 }\n    count: 42\n    price: { $value: 12.50 }\n    list: [01, 2]\nquery:\n  mapping: { branch: 0099 }',
    );
    const rendered = await renderRequest(d, { id: 'l1' }, { deliveryId: 'd-1', now: '2025-01-06T14:30:00.000Z' }, grantedSecrets({}));
    if (rendered.kind !== 'request') throw new Error('expected a request');
    expect(JSON.parse(rendered.request.body!)).toEqual({ zip: '01234', plus4: '0042', area: '007', count: 42, price: 12.5, list: ['01', 2] });
    expect(new URL(rendered.request.url).searchParams.get('branch')).toBe('0099');
  });

  it('an expected value written with a leading zero is compared as that text', () => {
    expect(load('success_check: { path: code, value: 007 }').success_check).toEqual({ path: 'code', value: '007' });
    expect(load('success_check: { path: code, value: 7 }').success_check).toEqual({ path: 'code', value: 7 });
    expect(load('success_when: { body: { code: [001, 2] } }').success_when).toEqual({ body: { code: ['001', 2] } });
  });

  it('the same from a JavaScript object (client API, intake API): numbers become their text', () => {
    const d = parseDestination({ name: 'T', url: 'https://a.example.com', auth: { username: 'u', password: 12345 } });
    expect(d.auth).toEqual({ type: 'basic', username: 'u', password: '12345' });
  });

  it('a secrets file: a destination named by a number', () => {
    const file = parseSecretsFile('secrets:\n  API_KEY: { from_env: ACME_KEY, destinations: [2024, 007] }\n', 'secrets.yaml');
    expect(file.secrets.API_KEY!.destinations).toEqual(['2024', '007']);
  });
});

describe('an error names the field that is really wrong', () => {
  it('a password that is not text is auth.password, not the auth type', () => {
    expect(issuesOf('auth: { username: bob, password: [1, 2] }')).toEqual([{ path: 'auth.password', message: expect.stringMatching(/expected a password/) }]);
    expect(issuesOf('auth: { username: bob, password: "" }')).toEqual([{ path: 'auth.password', message: expect.stringMatching(/expected a password/) }]);
    expect(issuesOf('auth: { username: { a: 1 }, password: x }')).toEqual([{ path: 'auth.username', message: expect.stringMatching(/expected a username/) }]);
  });

  it('a credential of a typed auth that is not text names that credential', () => {
    expect(issuesOf('auth: { type: bearer, token: { a: 1 } }')).toEqual([{ path: 'auth.token', message: expect.stringMatching(/expected a token/) }]);
    expect(issuesOf('auth: { type: oauth2_client_credentials, token_url: "https://a.example.com/t", client_id: [], client_secret: s }')).toEqual([
      { path: 'auth.client_id', message: expect.stringMatching(/expected a client id/) },
    ]);
  });

  it('a list of webhook secrets, a response path, an expected value', () => {
    expect(issuesOf('auth: { type: standard_webhooks, secret: { a: 1 } }')).toEqual([{ path: 'auth.secret', message: expect.stringMatching(/expected a secret/) }]);
    expect(issuesOf('reason: 123')).toEqual([{ path: 'reason', message: expect.stringMatching(/expected a path into the response/) }]);
    expect(issuesOf('success_check: { path: a, value: { b: 1 } }')).toEqual([{ path: 'success_check.value', message: expect.stringMatching(/expected a value/) }]);
  });

  it('an auth without a type nor a username still says which types there are', () => {
    const issues = issuesOf('auth: { token: abc }');
    expect(issues).toContainEqual({ path: 'auth.username', message: expect.stringMatching(/auth `type` of: basic, bearer/) });
    expect(issues).toContainEqual({ path: 'auth.token', message: expect.stringMatching(/unknown option/) });
  });

  it('an unknown auth type is still reported on `type`', () => {
    expect(issuesOf('auth: { type: digest, username: a, password: b }')).toEqual([{ path: 'auth.type', message: expect.stringMatching(/expected an auth `type` of/) }]);
  });
});
