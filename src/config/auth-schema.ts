import { z } from 'zod';
import { textValue } from './text-value.js';

const AUTH_TYPES = 'basic, bearer, api_key, hmac, standard_webhooks, oauth2_client_credentials';
/** A credential is text: `password: 12345` is the password "12345", as written. */
const secretString = (what: string, missing?: string) => textValue(what, missing === undefined ? {} : { missing });
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'expected a valid HTTP header name' });

/**
 * `auth: { username, password }`, as in the guide: leadwire sends `Authorization: Basic
 * base64(username:password)`. Without `type`, an auth is this one.
 */
export const BasicAuthSchema = z.strictObject({
  type: z.literal('basic').optional(),
  username: secretString('a username', `expected a username (with a password), or an auth \`type\` of: ${AUTH_TYPES}`),
  password: secretString('a password, e.g. "${API_PASSWORD}"'),
});

/** `Authorization: Bearer <token>`. */
export const BearerAuthSchema = z.strictObject({
  type: z.literal('bearer'),
  token: secretString('a token, e.g. "${API_TOKEN}"'),
});

/** An API key in a header (default `X-API-Key`) and/or a query parameter. */
export const ApiKeyAuthSchema = z
  .strictObject({
    type: z.literal('api_key'),
    key: secretString('the key, e.g. "${API_KEY}"'),
    header: headerName.optional(),
    query: textValue('a query parameter name').optional(),
  })
  .transform((a) => (a.header === undefined && a.query === undefined ? { ...a, header: 'X-API-Key' } : a));

/**
 * The guide's HMAC signing: an HMAC of the exact body bytes sent, with the time of the
 * attempt. Fresh timestamp and signature on every attempt.
 */
export const HmacAuthSchema = z.strictObject({
  type: z.literal('hmac'),
  secret: secretString('the signing secret, e.g. "${WEBHOOK_SECRET}"'),
  algorithm: z.enum(['sha256', 'sha512']).default('sha256'),
  encoding: z.enum(['hex', 'base64']).default('hex'),
  signature_header: headerName.default('X-Signature'),
  timestamp_header: headerName.default('X-Timestamp'),
  /** `milliseconds` since the epoch (the guide's `Date.now()`, default) or `seconds`. */
  timestamp_unit: z.enum(['milliseconds', 'seconds']).default('milliseconds'),
  /** What is signed: the body bytes (the guide, default) or `<timestamp>.<body>`, which binds the time too. */
  signed_content: z.enum(['body', 'timestamp.body']).default('body'),
});

/**
 * Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp` (seconds) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`. Several secrets
 * (`whsec_...`) sign with each, for rotation.
 */
export const StandardWebhooksAuthSchema = z.strictObject({
  type: z.literal('standard_webhooks'),
  secret: z.union([secretString('a secret such as "${WEBHOOK_SECRET}"'), z.array(secretString('a secret')).min(1, { error: 'expected at least one secret' })], {
    error: 'expected a secret such as "${WEBHOOK_SECRET}", or a list of them',
  }),
});

/** OAuth 2.0 client credentials (RFC 6749 section 4.4): the token is cached until it expires. */
export const OAuth2AuthSchema = z.strictObject({
  type: z.literal('oauth2_client_credentials'),
  token_url: z.string().refine((u) => /^https?:\/\/[^\s/]+/i.test(u), { error: 'expected an http:// or https:// token URL' }),
  client_id: secretString('a client id'),
  client_secret: secretString('a client secret, e.g. "${CLIENT_SECRET}"'),
  scope: textValue('a scope', { allowEmpty: true }).optional(),
  audience: textValue('an audience', { allowEmpty: true }).optional(),
  /** How the client authenticates to the token endpoint: HTTP Basic (default, RFC 6749 2.3.1) or form fields. */
  client_auth: z.enum(['basic', 'body']).default('basic'),
});

/**
 * Authentication; `{ username, password }` alone means basic, as in the guide. One union on
 * `type` (absent is basic), so a problem is reported on the field that has it
 * (`auth.password`), never on a `type` the author did not write.
 */
export const AuthSchema = z
  .discriminatedUnion('type', [BasicAuthSchema, BearerAuthSchema, ApiKeyAuthSchema, HmacAuthSchema, StandardWebhooksAuthSchema, OAuth2AuthSchema], {
    error: `expected an auth \`type\` of: ${AUTH_TYPES} (or just username and password)`,
  })
  .transform((a) => ({ ...a, type: a.type ?? 'basic' }) as WithType<typeof a>);

/** Each auth with its `type` always set. */
type WithType<A> = A extends { type?: infer T } ? Omit<A, 'type'> & { type: NonNullable<T> } : never;

export type AuthConfig = z.output<typeof AuthSchema>;
export type HmacAuth = z.output<typeof HmacAuthSchema>;
export type StandardWebhooksAuth = z.output<typeof StandardWebhooksAuthSchema>;
export type OAuth2Auth = z.output<typeof OAuth2AuthSchema>;
