import { describe, expect, it } from 'vitest';
import type { SecretsFile } from '../../../../src/config/secrets-file-schema.js';
import { assertCredentialHosts, credentialRefusal, redirectRefusal, type CredentialSource } from '../../../../src/core/secrets/credential-scope.js';
import { createSecretStore } from '../../../../src/core/secrets/secret-store.js';

const VALUES = { ACME: 'acme-value-7c1d', WIDE: 'wide-value-2e9f', FREE: 'free-value-5a3b' };

/** ACME_CLIENT_SECRET for auth and api of acme only; WIDE also for api2; FREE for any host. */
const store = createSecretStore({
  env: { ACME_VAR: VALUES.ACME, WIDE_VAR: VALUES.WIDE, LEADWIRE_SECRET_FREE: VALUES.FREE },
  file: {
    path: '/etc/leadwire/secrets.yaml',
    secrets: {
      secrets: {
        ACME_CLIENT_SECRET: { from_env: 'ACME_VAR', hosts: ['auth.acme.example', 'api.acme.example'] },
        WIDE: { from_env: 'WIDE_VAR', hosts: ['*.acme.example', 'api2.partner.example'] },
      },
    } as SecretsFile,
  },
});

/** A token obtained with these secrets, fetched from auth.acme.example. */
function tokenFrom(...names: string[]): CredentialSource {
  const secrets = store.resolverFor({ destination: 'Acme CRM', hosts: ['auth.acme.example'], target: 'token_url' });
  for (const name of names) secrets(name);
  return { kind: 'oauth2-token', secrets };
}

function thrown(fn: () => void): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected a refusal');
}

describe('a credential made from secrets inherits their host scope', () => {
  it("an OAuth2 token from a host-scoped secret goes to the secret's hosts only, refused by name before anything is sent", () => {
    const token = tokenFrom('ACME_CLIENT_SECRET');
    expect(() => assertCredentialHosts([token], ['http://api.acme.example/leads'])).not.toThrow();
    const e = thrown(() => assertCredentialHosts([token], ['http://evil.example/collect']));
    expect(e.code).toBe('SECRET_NOT_GRANTED');
    expect(e.message).toContain('OAuth2 access token');
    expect(e.message).toContain('ACME_CLIENT_SECRET');
    expect(e.message).toContain('evil.example');
    expect(e.message).toContain('secrets.ACME_CLIENT_SECRET.hosts in /etc/leadwire/secrets.yaml');
    expect(e.message).toMatch(/Nothing was sent/);
    for (const v of Object.values(VALUES)) expect(e.message).not.toContain(v);
  });

  it('the scope is the intersection of every secret that fed the credential; a secret granted to any host adds no limit', () => {
    expect(credentialRefusal([tokenFrom('WIDE')], 'api2.partner.example')).toBeUndefined();
    expect(credentialRefusal([tokenFrom('WIDE', 'ACME_CLIENT_SECRET')], 'api2.partner.example')?.scope.secret).toBe('ACME_CLIENT_SECRET');
    expect(credentialRefusal([tokenFrom('WIDE', 'ACME_CLIENT_SECRET')], 'api.acme.example')).toBeUndefined();
    expect(credentialRefusal([tokenFrom('FREE')], 'anywhere.example')).toBeUndefined();
    expect(credentialRefusal([tokenFrom()], 'anywhere.example')).toBeUndefined();
  });

  it('every endpoint the request may fail over to is checked, and a host built from a secret is refused', () => {
    const token = tokenFrom('ACME_CLIENT_SECRET');
    expect(() => assertCredentialHosts([token], ['https://api.acme.example/a', 'https://backup.example/a'])).toThrow(/backup\.example/);
    expect(thrown(() => assertCredentialHosts([token], ['https://***TENANT***.acme.example/a'])).message).toContain('built from a secret');
  });

  it("a request's own secrets (and the signatures and hashes made from them) and its token are checked together on a redirect hop", () => {
    const request = store.resolverFor({ destination: 'Acme CRM', hosts: ['api.acme.example'], target: 'url' });
    request('WIDE');
    const sources: CredentialSource[] = [{ kind: 'request', secrets: request }, tokenFrom('FREE')];
    expect(redirectRefusal(sources, new URL('https://www.acme.example/next'))).toBeUndefined();
    const hop = redirectRefusal(sources, new URL('https://evil.example/next'));
    expect(hop).toContain('secret WIDE (or a signature or hash made from it)');
    expect(hop).toContain('Nothing was sent to evil.example');
    const withToken = redirectRefusal([{ kind: 'request', secrets: store.resolverFor({ destination: 'd', hosts: [], target: 'url' }) }, tokenFrom('ACME_CLIENT_SECRET')], new URL('https://www.acme.example/'));
    expect(withToken).toContain('OAuth2 access token, which is obtained with secret ACME_CLIENT_SECRET');
  });
});
