import { z } from 'zod';
import { doc } from './doc-meta.js';
import { textValue } from './text-value.js';

const AUTH_TYPES = 'basic, bearer, api_key, hmac, standard_webhooks, oauth2_client_credentials';
/** A credential is text: `password: 12345` is the password "12345", as written. */
const secretString = (what: string, missing?: string) => textValue(what, missing === undefined ? {} : { missing });
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'expected a valid HTTP header name' });

/**
 * `auth: { username, password }`, as in the guide: leadwire sends `Authorization: Basic
 * base64(username:password)`. Without `type`, an auth is this one.
 */
const BasicAuthSchema = z.strictObject({
  type: z.literal('basic').optional(),
  username: secretString('a username', `expected a username (with a password), or an auth \`type\` of: ${AUTH_TYPES}`).meta(
    doc('User name for HTTP Basic authentication; may be a `${SECRET}` reference.', '${API_USER}'),
  ),
  password: secretString('a password, e.g. "${API_PASSWORD}"').meta(doc('Password for HTTP Basic authentication, normally a `${SECRET}` reference.', '${API_PASSWORD}')),
}).meta(doc('Sends `Authorization: Basic base64(username:password)`; `{ username, password }` without a `type` means the same.'));

/** `Authorization: Bearer <token>`. */
const BearerAuthSchema = z.strictObject({
  type: z.literal('bearer'),
  token: secretString('a token, e.g. "${API_TOKEN}"').meta(doc('The bearer token, normally a `${SECRET}` reference.', '${API_TOKEN}')),
}).meta(doc('Sends `Authorization: Bearer <token>`.'));

/** An API key in a header (default `X-API-Key`) and/or a query parameter. */
const ApiKeyAuthSchema = z
  .strictObject({
    type: z.literal('api_key'),
    key: secretString('the key, e.g. "${API_KEY}"').meta(doc('The API key, normally a `${SECRET}` reference.', '${API_KEY}')),
    header: headerName.optional().meta(doc('Header that carries the key (X-API-Key when neither `header` nor `query` is given).', 'X-Api-Token')),
    query: textValue('a query parameter name').optional().meta(doc('Query parameter that carries the key.', 'api_key')),
  })
  .meta(doc('Sends an API key in a header (X-API-Key by default) and/or a query parameter.'))
  .transform((a) => (a.header === undefined && a.query === undefined ? { ...a, header: 'X-API-Key' } : a));

/**
 * The guide's HMAC signing: an HMAC of the exact body bytes sent, with the time of the
 * attempt. Fresh timestamp and signature on every attempt.
 */
const HmacAuthSchema = z.strictObject({
  type: z.literal('hmac'),
  secret: secretString('the signing secret, e.g. "${WEBHOOK_SECRET}"').meta(doc('The HMAC signing secret, normally a `${SECRET}` reference.', '${WEBHOOK_SECRET}')),
  algorithm: z.enum(['sha256', 'sha512']).default('sha256').meta(doc('HMAC hash function.')),
  encoding: z.enum(['hex', 'base64']).default('hex').meta(doc('How the signature is written in its header.')),
  signature_header: headerName.default('X-Signature').meta(doc('Header that carries the signature.', 'X-Hub-Signature')),
  timestamp_header: headerName.default('X-Timestamp').meta(doc('Header that carries the time of the attempt.', 'X-Request-Time')),
  timestamp_unit: z.enum(['milliseconds', 'seconds']).default('milliseconds').meta(doc("The timestamp's unit: milliseconds since the epoch (the guide's `Date.now()`) or seconds.")),
  signed_content: z.enum(['body', 'timestamp.body']).default('body').meta(doc('What is signed: the exact body bytes sent, or `<timestamp>.<body>`, which binds the time too.')),
}).meta(doc('Signs the exact body bytes sent (after gzip) with an HMAC, and sends the time of the attempt; both fresh on every attempt.'));

/**
 * Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp` (seconds) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`. Several secrets
 * (`whsec_...`) sign with each, for rotation.
 */
const StandardWebhooksAuthSchema = z.strictObject({
  type: z.literal('standard_webhooks'),
  secret: z
    .union([secretString('a secret such as "${WEBHOOK_SECRET}"'), z.array(secretString('a secret')).min(1, { error: 'expected at least one secret' })], {
      error: 'expected a secret such as "${WEBHOOK_SECRET}", or a list of them',
    })
    .meta(doc('One `whsec_...` signing secret, or a list during rotation (each signs); normally `${SECRET}` references.', '${WEBHOOK_SECRET}')),
}).meta(doc('Standard Webhooks: `webhook-id` (the delivery id), `webhook-timestamp` and `webhook-signature: v1,<base64>` over `id.timestamp.body`.'));

/** OAuth 2.0 client credentials (RFC 6749 section 4.4): the token is cached until it expires. */
const OAuth2AuthSchema = z.strictObject({
  type: z.literal('oauth2_client_credentials'),
  token_url: z
    .string()
    .refine((u) => /^https?:\/\/[^\s/]+/i.test(u), { error: 'expected an http:// or https:// token URL' })
    .meta(doc("The token endpoint's URL.", 'https://auth.example.com/oauth/token')),
  client_id: secretString('a client id').meta(doc('The OAuth2 client id; may be a `${SECRET}` reference.', '${CRM_CLIENT_ID}')),
  client_secret: secretString('a client secret, e.g. "${CLIENT_SECRET}"').meta(doc('The OAuth2 client secret, normally a `${SECRET}` reference.', '${CLIENT_SECRET}')),
  scope: textValue('a scope', { allowEmpty: true }).optional().meta(doc('Scope asked for in the token request.', 'leads:write')),
  audience: textValue('an audience', { allowEmpty: true }).optional().meta(doc('Audience asked for in the token request (some providers need it).', 'https://api.example.com')),
  client_auth: z.enum(['basic', 'body']).default('basic').meta(doc('How the client authenticates to the token endpoint: HTTP Basic (RFC 6749 2.3.1) or form fields.')),
}).meta(doc('OAuth 2.0 client credentials (RFC 6749 section 4.4): sends `Authorization: Bearer <token>`, the token cached per worker until 30 s before it expires.'));

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

