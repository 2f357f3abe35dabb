import type { AuthPlan } from '../../contract/request-plan.js';
import { maskSecret, substituteSecrets, type SecretResolver } from '../secrets/secret-refs.js';
import { appendQuery } from '../render/resolve-url.js';

/**
 * Credentials that do not depend on the body or the attempt: basic, bearer and API key.
 * Returns the headers to add and the URL with any key parameter. Signing and OAuth2 tokens
 * are per attempt (see sign-request.ts).
 */
export function staticAuth(auth: AuthPlan | undefined, url: string, secrets: SecretResolver): { headers: Record<string, string>; url: string } {
  if (!auth) return { headers: {}, url };
  const s = (text: string) => substituteSecrets(text, secrets);
  switch (auth.type) {
    case 'basic': {
      const pair = `${s(auth.username)}:${s(auth.password)}`;
      // A preview shows the credentials masked rather than base64 of the masks.
      return { headers: { Authorization: secrets.masked ? `Basic base64(${pair})` : `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` }, url };
    }
    case 'bearer':
      return { headers: { Authorization: `Bearer ${s(auth.token)}` }, url };
    case 'api_key': {
      const key = s(auth.key);
      return {
        headers: auth.header ? { [auth.header]: key } : {},
        url: auth.query ? appendQuery(url, [[auth.query, key]]) : url,
      };
    }
    case 'hmac':
      return { headers: secrets.masked ? { [auth.timestamp_header]: '(time of the attempt)', [auth.signature_header]: maskSecret('signature') } : {}, url };
    case 'standard_webhooks':
      return {
        headers: secrets.masked
          ? { 'webhook-id': '(delivery id)', 'webhook-timestamp': '(time of the attempt, seconds)', 'webhook-signature': `v1,${maskSecret('signature')}` }
          : {},
        url,
      };
    case 'oauth2_client_credentials':
      return { headers: secrets.masked ? { Authorization: `Bearer ${maskSecret('oauth2 access token')}` } : {}, url };
  }
}
