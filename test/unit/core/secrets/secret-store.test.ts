import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../../../src/config/parse-destination.js';
import type { SecretsFile } from '../../../../src/config/secrets-file-schema.js';
import { destinationMatches, hostMatches, parseHostPattern } from '../../../../src/core/secrets/grant-patterns.js';
import { referencedSecrets } from '../../../../src/core/secrets/referenced-secrets.js';
import { assertSameHosts, urlHost } from '../../../../src/core/secrets/request-hosts.js';
import { createSecretStore, describeSecretGrants, type SecretUse } from '../../../../src/core/secrets/secret-store.js';

const VALUE = 'v-3f9a8b7c6d5e';
const use = (destination: string, ...hosts: (string | undefined)[]): SecretUse => ({ destination, hosts, target: 'url' });

function file(secrets: SecretsFile['secrets']) {
  return { path: '/etc/leadwire/secrets.yaml', secrets: { secrets } };
}

/** The error a resolution throws (never a value), for assertions. */
function refusal(fn: () => string): { code: string; message: string; retryable: boolean } {
  try {
    fn();
  } catch (err) {
    const e = err as { code: string; message: string; retryable: boolean };
    expect(e.message).not.toContain(VALUE);
    return e;
  }
  throw new Error('expected the secret to be refused');
}

describe('grant patterns', () => {
  it('a destination matches by slug or exact name, with * for any run of characters', () => {
    expect(destinationMatches('acme-crm', 'Acme CRM')).toBe(true);
    expect(destinationMatches('Acme CRM', 'Acme CRM')).toBe(true);
    expect(destinationMatches('acme-*', 'Acme Leads EU')).toBe(true);
    expect(destinationMatches('acme-crm', 'Acme CRM 2')).toBe(false);
    expect(destinationMatches('acme', 'acme-crm')).toBe(false);
    expect(destinationMatches('acme.crm', 'acmexcrm')).toBe(false);
  });

  it('a host * matches within one label, as in a TLS certificate; nothing else is loose', () => {
    expect(hostMatches('api.acme.com', 'api.acme.com')).toBe(true);
    expect(hostMatches('*.acme.com', 'api.acme.com')).toBe(true);
    expect(hostMatches('*.acme.com', 'acme.com')).toBe(false);
    expect(hostMatches('*.acme.com', 'a.b.acme.com')).toBe(false);
    expect(hostMatches('*.acme.com', 'evilacme.com')).toBe(false);
    expect(hostMatches('api.acme.com', 'api.acme.com.evil.example')).toBe(false);
    expect(hostMatches('api.acme.com', 'apixacme.com')).toBe(false);
  });

  it('host patterns are normalised as URL hosts are, and refused with a reason when they are not hosts', () => {
    expect(parseHostPattern('API.Acme.com')).toEqual({ host: 'api.acme.com' });
    expect(parseHostPattern('127.1')).toEqual({ host: '127.0.0.1' });
    expect(parseHostPattern('::1')).toEqual({ host: '::1' });
    expect(parseHostPattern('[::1]')).toEqual({ host: '::1' });
    expect(parseHostPattern('bücher.example')).toEqual({ host: 'xn--bcher-kva.example' });
    expect(parseHostPattern('*.acme.com')).toEqual({ host: '*.acme.com' });
    for (const bad of ['https://acme.com', 'acme.com/leads', 'acme.com:443', 'user@acme.com', '', 'a b']) expect(parseHostPattern(bad)).toHaveProperty('problem');
  });

  it('the host of a rendered URL; none when it is built from a secret (masked, percent-encoded or not)', () => {
    expect(urlHost('https://API.acme.com:8443/leads?k=1')).toBe('api.acme.com');
    expect(urlHost('http://user:pw@127.0.0.1/x')).toBe('127.0.0.1');
    expect(urlHost('http://[::1]:80/')).toBe('::1');
    expect(urlHost('https://api.acme.com./x')).toBe('api.acme.com');
    expect(urlHost('https://***TENANT***.acme.com/x')).toBeUndefined();
    expect(urlHost('https://%2A%2A%2ATENANT%2A%2A%2A.acme.com/x')).toBeUndefined();
    expect(urlHost('https://api.acme.com***SUFFIX***/x')).toBeUndefined();
    expect(urlHost('not a url')).toBeUndefined();
  });

  it('a real render that goes to another host than the masked one is refused, naming only the masked host', () => {
    expect(() => assertSameHosts(['http://127.0.0.1/a'], ['http://127.0.0.1/b'], 'URL')).not.toThrow();
    // A host built from a secret is not checked here: only secrets without host scope can be in it.
    expect(() => assertSameHosts(['http://***T***.acme.com/'], ['http://tenant.acme.com/'], 'URL')).not.toThrow();
    expect(() => assertSameHosts(['http://127.0.0.1/a'], ['http://secret-value.example/'], 'URL')).toThrow(
      expect.objectContaining({ code: 'SECRET_HOST_CHANGED', message: expect.not.stringContaining('secret-value') }),
    );
    expect(() => assertSameHosts(['http://a.example/', 'http://b.example/'], ['http://a.example/', 'http://c.example/'], 'URL')).toThrow(/b\.example/);
  });
});

describe('the secret store', () => {
  it("never reads the worker's other environment variables: an ungranted name says how to grant it", () => {
    const store = createSecretStore({ env: { TEMPORAL_API_KEY: VALUE, API_KEY: VALUE } });
    for (const name of ['TEMPORAL_API_KEY', 'API_KEY', 'LEADWIRE_SECRET_API_KEY']) {
      const e = refusal(() => store.resolverFor(use('Acme CRM', 'api.acme.com'))(name));
      expect(e.code).toBe('SECRET_NOT_GRANTED');
      expect(e.retryable).toBe(false);
    }
    const e = refusal(() => store.resolverFor(use('Acme CRM', 'api.acme.com'))('API_KEY'));
    expect(e.message).toContain('set LEADWIRE_SECRET_API_KEY on the worker'.replace('set', 'Set'));
    expect(e.message).toContain('grant API_KEY to destination acme-crm');
    expect(e.message).toContain('LEADWIRE_SECRETS_FILE');
  });

  it('LEADWIRE_SECRET_<NAME> is granted to every destination and host; empty is SECRET_MISSING', () => {
    const store = createSecretStore({ env: { LEADWIRE_SECRET_API_KEY: VALUE, LEADWIRE_SECRET_EMPTY: '' } });
    expect(store.resolverFor(use('Anything', 'anywhere.example', undefined))('API_KEY')).toBe(VALUE);
    const e = refusal(() => store.resolverFor(use('Anything'))('EMPTY'));
    expect(e.code).toBe('SECRET_MISSING');
    expect(e.message).toContain('LEADWIRE_SECRET_EMPTY');
    expect(store.summary).toEqual({ prefixed: ['API_KEY', 'EMPTY'] });
  });

  it('a file secret is granted only to its destinations, by slug, name or glob', () => {
    const store = createSecretStore({
      env: { ACME_API_KEY: VALUE },
      file: file({ ACME_KEY: { from_env: 'ACME_API_KEY', destinations: ['acme-crm', 'Acme Legacy', 'acme-eu-*'] } }),
    });
    for (const d of ['Acme CRM', 'Acme Legacy', 'Acme EU North']) expect(store.resolverFor(use(d))('ACME_KEY')).toBe(VALUE);
    const e = refusal(() => store.resolverFor(use('Other CRM'))('ACME_KEY'));
    expect(e.code).toBe('SECRET_NOT_GRANTED');
    expect(e.message).toContain('secrets.ACME_KEY.destinations in /etc/leadwire/secrets.yaml');
    expect(e.message).toContain('add other-crm to that list');
    // The variable behind a scoped secret is not a secret of its own.
    expect(refusal(() => store.resolverFor(use('Acme CRM'))('ACME_API_KEY')).code).toBe('SECRET_NOT_GRANTED');
  });

  it('a host-scoped secret needs every host the request may go to to be granted, and a literal host', () => {
    const store = createSecretStore({ env: { K: VALUE }, file: file({ KEY: { from_env: 'K', hosts: ['api.acme.com', '*.acme-eu.com'] } }) });
    expect(store.resolverFor(use('d', 'api.acme.com', 'x.acme-eu.com'))('KEY')).toBe(VALUE);
    const other = refusal(() => store.resolverFor(use('d', 'api.acme.com', 'backup.example'))('KEY'));
    expect(other.code).toBe('SECRET_NOT_GRANTED');
    expect(other.message).toContain("this request's URL goes to backup.example");
    expect(other.message).toContain('secrets.KEY.hosts');
    const masked = refusal(() => store.resolverFor(use('d', undefined))('KEY'));
    expect(masked.message).toContain('built from a secret');
    const token = refusal(() => store.resolverFor({ destination: 'd', hosts: ['auth.example'], target: 'token_url' })('KEY'));
    expect(token.message).toContain('OAuth2 token_url goes to auth.example');
  });

  it('a redirect may follow only to hosts every host-scoped secret given out allows', () => {
    const store = createSecretStore({
      env: { K: VALUE, LEADWIRE_SECRET_FREE: 'f' },
      file: file({ KEY: { from_env: 'K', hosts: ['*.acme.com'] } }),
    });
    const unscoped = store.resolverFor(use('d', 'api.acme.com'));
    unscoped('FREE');
    expect(unscoped.refusedFor('elsewhere.example')).toBeUndefined();
    const scoped = store.resolverFor(use('d', 'api.acme.com'));
    scoped('KEY');
    expect(scoped.refusedFor('EU.acme.com')).toBeUndefined();
    expect(scoped.refusedFor('elsewhere.example')).toEqual({ secret: 'KEY', hosts: ['*.acme.com'], grantedIn: 'secrets.KEY.hosts in /etc/leadwire/secrets.yaml' });
    expect(scoped.refusedFor(undefined)?.secret).toBe('KEY');
  });

  it('from_env that is not set, and from_file that is missing or empty, are SECRET_MISSING naming the source', () => {
    const files: Record<string, string> = { '/run/secrets/empty': '\n' };
    const readFile = (p: string) => {
      if (p in files) return files[p]!;
      throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    };
    const store = createSecretStore({
      env: {},
      file: file({ A: { from_env: 'A_VAR' }, B: { from_file: '/run/secrets/absent' }, C: { from_file: '/run/secrets/empty' } }),
      readFile,
    });
    const r = store.resolverFor(use('d'));
    expect(refusal(() => r('A'))).toMatchObject({ code: 'SECRET_MISSING', message: expect.stringContaining('environment variable A_VAR') });
    expect(refusal(() => r('B'))).toMatchObject({ code: 'SECRET_MISSING', message: expect.stringMatching(/\/run\/secrets\/absent.*ENOENT/) });
    expect(refusal(() => r('C'))).toMatchObject({ code: 'SECRET_MISSING', message: expect.stringContaining('empty') });
  });

  it('from_file drops the trailing newline and is read per request, so a rotated file is picked up', () => {
    let content = `${VALUE}\n`;
    const store = createSecretStore({ env: {}, file: file({ M: { from_file: '/run/secrets/m' } }), readFile: () => content });
    const first = store.resolverFor(use('d'));
    expect(first('M')).toBe(VALUE);
    content = 'rotated\r\n';
    expect(first('M')).toBe(VALUE); // one request sees one value
    expect(store.resolverFor(use('d'))('M')).toBe('rotated');
  });

  it('a name both in the file and as LEADWIRE_SECRET_ is refused at start: the prefix would lift its scope', () => {
    expect(() => createSecretStore({ env: { LEADWIRE_SECRET_ACME_KEY: VALUE, X: VALUE }, file: file({ ACME_KEY: { from_env: 'X', destinations: ['acme'] } }) })).toThrow(
      expect.objectContaining({ code: 'SECRETS_FILE_INVALID', message: expect.stringContaining('LEADWIRE_SECRET_ACME_KEY') }),
    );
  });

  it('names a plain object inherits are not variables', () => {
    const store = createSecretStore({ env: {}, file: file({ P: { from_env: 'constructor' } }) });
    expect(refusal(() => store.resolverFor(use('d'))('P')).code).toBe('SECRET_MISSING');
    expect(refusal(() => store.resolverFor(use('d'))('toString')).code).toBe('SECRET_NOT_GRANTED');
  });

  it('the start-up line lists names and sources, never values', () => {
    const store = createSecretStore({ env: { LEADWIRE_SECRET_API_KEY: VALUE, K: VALUE }, file: file({ KEY: { from_env: 'K' } }) });
    const line = describeSecretGrants(store.summary);
    expect(line).toContain('API_KEY from LEADWIRE_SECRET_*');
    expect(line).toContain('KEY from /etc/leadwire/secrets.yaml');
    expect(line).not.toContain(VALUE);
    expect(describeSecretGrants(createSecretStore({ env: {} }).summary)).toMatch(/^no secrets granted/);
  });
});

describe('referencedSecrets', () => {
  it('lists the names a destination uses, by where they are sent; $value constants are not references', () => {
    const destination = parseDestination({
      name: 'Refs',
      url: 'https://api.acme.com/leads?k=${API_KEY}',
      headers: { 'X-Extra': '${env:EXTRA}' },
      auth: { type: 'oauth2_client_credentials', token_url: 'https://auth.acme.com/token', client_id: '${CLIENT_ID}', client_secret: '${CLIENT_SECRET}' },
      body: { format: 'json', mapping: { hash: { $hash: '${HASH_SECRET}' }, literal: { $value: '${NOT_A_REF}' }, t: { $template: '{{ email }} ${API_KEY}' } } },
    });
    expect(referencedSecrets(destination)).toEqual({ request: ['API_KEY', 'EXTRA', 'HASH_SECRET'], tokenUrl: ['CLIENT_ID', 'CLIENT_SECRET'] });
    expect(referencedSecrets(parseDestination({ name: 'None', url: 'https://x.example/' }))).toEqual({ request: [], tokenUrl: [] });
  });
});
