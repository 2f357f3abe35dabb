import { describe, expect, it } from 'vitest';
import { credentialHeaderNames, credentialParamNames } from '../../../../src/core/auth/credential-names.js';
import { tokenCacheKey, type TokenGrant } from '../../../../src/core/auth/token-cache.js';
import { parseDestination } from '../../../../src/config/parse-destination.js';

const destination = (extra: Record<string, unknown>) => parseDestination({ name: 'Names', url: 'https://crm.example/leads', ...extra });

describe('credentialHeaderNames', () => {
  it("names the auth's own headers, whatever they are called", () => {
    expect(credentialHeaderNames(destination({ auth: { type: 'api_key', key: '${K}', header: 'Ocp-Apim-Subscription-Key' } }))).toEqual(['Ocp-Apim-Subscription-Key']);
    expect(credentialHeaderNames(destination({ auth: { type: 'hmac', secret: '${S}', signature_header: 'X-Mac', timestamp_header: 'X-When' } }))).toEqual(['X-Mac', 'X-When']);
    expect(credentialHeaderNames(destination({ auth: { type: 'standard_webhooks', secret: '${S}' } }))).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
    expect(credentialHeaderNames(destination({ auth: { username: 'u', password: '${P}' } }))).toEqual(['Authorization']);
    expect(credentialHeaderNames(destination({ auth: { type: 'api_key', key: '${K}', query: 'k' } }))).toEqual([]);
  });

  it('names every configured header whose value holds a ${SECRET}, and no other', () => {
    const names = credentialHeaderNames(destination({ headers: { 'X-Partner-Key': '${PARTNER}', 'X-Sig': 'v1 ${env:SIG}', 'X-Trace': 'abc', Accept: 'application/json' } }));
    expect(names).toEqual(['X-Partner-Key', 'X-Sig']);
  });
});

describe('credentialParamNames', () => {
  it("names the api_key auth's query parameter and every URL or query-mapping parameter filled from a ${SECRET}", () => {
    const d = destination({
      url: 'https://crm.example/leads?code=${CODE}&page=1',
      endpoints: ['https://backup.example/leads?p%61rtner=${PARTNER}'],
      routes: [{ when: 'true', url: 'https://eu.example/leads?tenant=${TENANT}' }],
      query: { mapping: { sig: { $template: '${SIG}' }, email: 'email' } },
      auth: { type: 'api_key', key: '${K}', query: 'k' },
    });
    expect(credentialParamNames(d).sort()).toEqual(['code', 'k', 'partner', 'sig', 'tenant']);
  });

  it('names a query parameter by the name it is sent under: a dotted or nested key, in the configured nesting', () => {
    const names = (nesting: 'brackets' | 'dots') =>
      credentialParamNames(destination({ url: 'https://crm.example/leads', query: { mapping: { 'auth.sig': { $template: '${SIG}' }, partner: { key: { $template: '${K}' } }, email: 'email' }, nesting } })).sort();
    expect(names('brackets')).toEqual(['auth[sig]', 'partner[key]']);
    expect(names('dots')).toEqual(['auth.sig', 'partner.key']);
  });
});

describe('tokenCacheKey', () => {
  const grant: TokenGrant = { tokenUrl: 'https://auth.example/token', clientId: 'id', clientSecret: 'cs-1234567890', clientAuth: 'basic' };

  it('differs for another secret, audience, scope, client_auth or destination, and never holds the secret', () => {
    const key = tokenCacheKey('A', grant);
    expect(key).not.toContain('cs-1234567890');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenCacheKey('A', { ...grant })).toBe(key);
    for (const other of [
      tokenCacheKey('A', { ...grant, clientSecret: 'cs-other' }),
      tokenCacheKey('A', { ...grant, audience: 'https://api.example' }),
      tokenCacheKey('A', { ...grant, scope: 'leads:write' }),
      tokenCacheKey('A', { ...grant, clientAuth: 'body' }),
      tokenCacheKey('B', grant),
    ]) {
      expect(other).not.toBe(key);
    }
  });
});
