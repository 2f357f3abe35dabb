import type { AuthPlan } from '../../contract/request-plan.js';
import { setHeaders } from '../render/set-headers.js';
import type { WireRequest } from '../render/rendered-request.js';
import { substituteSecrets, type SecretResolver } from '../secrets/secret-refs.js';
import { signHmac } from './sign-hmac.js';
import { signStandardWebhook } from './sign-standard-webhooks.js';

export interface SignContext {
  /** The time of this attempt (not of the render): every attempt gets a fresh timestamp. */
  now: Date;
  /** The delivery id, used as the Standard Webhooks message id (the same on every retry). */
  deliveryId: string;
  /** An OAuth2 access token, when the destination uses client credentials. */
  accessToken?: string;
}

/** Adds the per-attempt credentials (HMAC or Standard Webhooks signature, OAuth2 token) over the exact bytes sent. */
export function signRequest(request: WireRequest, auth: AuthPlan | undefined, secrets: SecretResolver, ctx: SignContext): WireRequest {
  if (!auth) return request;
  const body = request.body ?? '';
  const headers = { ...request.headers };
  if (auth.type === 'hmac') {
    const timestamp = String(auth.timestamp_unit === 'seconds' ? Math.floor(ctx.now.getTime() / 1000) : ctx.now.getTime());
    const signature = signHmac(body, {
      secret: substituteSecrets(auth.secret, secrets),
      algorithm: auth.algorithm,
      encoding: auth.encoding,
      ...(auth.signed_content === 'timestamp.body' ? { timestamp } : {}),
    });
    setHeaders(headers, { [auth.timestamp_header]: timestamp, [auth.signature_header]: signature });
  } else if (auth.type === 'standard_webhooks') {
    const timestamp = Math.floor(ctx.now.getTime() / 1000);
    const list = (Array.isArray(auth.secret) ? auth.secret : [auth.secret]).flatMap((s) => substituteSecrets(s, secrets).split(/\s+/).filter(Boolean));
    setHeaders(headers, {
      'webhook-id': ctx.deliveryId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(ctx.deliveryId, timestamp, body, list),
    });
  } else if (auth.type === 'oauth2_client_credentials' && ctx.accessToken !== undefined) {
    setHeaders(headers, { Authorization: `Bearer ${ctx.accessToken}` });
  }
  return { ...request, headers };
}
