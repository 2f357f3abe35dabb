import { z } from 'zod';
import { doc } from './doc-meta.js';
import { AuthSchema } from './auth-schema.js';
import { BodySchema, FieldMappingSchema, FormEncodingShape } from './body-schema.js';
import { SkipRulesSchema } from './conditions-schema.js';
import { EndpointStrategySchema, RoutesSchema, TimeZoneSchema, urlTemplate } from './routing-schema.js';
import { FAIL_CLOSED_DEFAULTS } from '../contract/defaults.js';
import { keyPathProblems } from '../core/render/key-paths.js';
import { textValue } from './text-value.js';
import { TlsSchema } from './tls-schema.js';
import { milliseconds } from './units.js';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const headerValue = textValue('a header value (text)', { allowEmpty: true })
  .refine((v) => !/[\r\n]/.test(v), { error: 'a header value may not contain a line break (CR or LF)' });

/**
 * How the request is built: the guide's "Request Configuration", "Authentication Methods"
 * and "Advanced Patterns". Spread into the destination schema.
 */
export const requestOptionsShape = {
  /**
   * Where to send the lead; the default when `routes` are given and none matches, and the
   * first endpoint of the pool when `endpoints` are given. May hold `{{ field }}` lead
   * values (URL-encoded) and `${SECRET}` references (resolved at send time).
   */
  url: urlTemplate.meta(doc('Where to send the lead: an https:// URL (plain http:// only with `allow_insecure_http: true`) that may hold `{{ field }}` lead values (percent-encoded) and `${SECRET}` references.', 'https://api.example.com/{{ region }}/leads')),
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(HTTP_METHODS, { error: `expected one of ${HTTP_METHODS.join(', ')}` }))
    .default('POST')
    .meta(doc('HTTP method (GET, POST, PUT, PATCH or DELETE), case-insensitive.')),
  headers: z
    .record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'expected a valid HTTP header name' }), headerValue)
    .default({})
    .meta(doc("Extra request headers, overriding leadwire's defaults; values may hold `${SECRET}` references and never a line break.")),
  timeout: milliseconds(600_000)
    .min(1, { error: 'expected a timeout of at least 1 millisecond' })
    .default(FAIL_CLOSED_DEFAULTS.timeout)
    .meta(doc('Whole-request timeout in milliseconds, 1 to 600000.', 5000)),
  body: BodySchema.optional().meta(doc('The request body, by `format`; without it the whole lead is sent as JSON.', { format: 'json', mapping: { email: 'email' } })),
  query: z
    .strictObject({
      mapping: FieldMappingSchema.meta(doc('Query parameter name -> where its value comes from (a lead path or a mapping value).', { src: 'utm.source' })),
      on_missing: z.enum(['omit', 'null', 'error']).default('omit').meta(doc('What to do when a mapped lead field is absent: omit the parameter, send it empty (null), or end the delivery in error.')),
      ...FormEncodingShape,
    })
    .optional()
    .meta(doc('Mapped lead fields sent as query parameters, with any method.', { mapping: { src: 'utm.source' } })),
  auth: AuthSchema.optional().meta(doc('Authentication, by `type`: basic (also `{ username, password }` alone), bearer, api_key, hmac, standard_webhooks or oauth2_client_credentials.')),
  compress: z.enum(['none', 'gzip']).default('none').meta(doc('Compress the body: `gzip` sends `Content-Encoding: gzip`, and signatures cover the compressed bytes.')),
  routes: RoutesSchema.optional().meta(doc('Conditional URLs: the first route whose `when` is true wins; none: `url`.', [{ when: 'type = "sales"', url: 'https://api.example.com/sales' }])),
  endpoints: z
    .array(urlTemplate)
    .min(1)
    .optional()
    .meta(doc('More URLs besides `url`, for load balancing; a connection that cannot be made fails over to the next at once.', ['https://api2.example.com/leads'])),
  endpoint_strategy: EndpointStrategySchema.meta(doc('Where each attempt starts in the endpoint pool: round_robin, random, or in_order (failover only).')),
  skip: SkipRulesSchema.optional().meta(doc('Skip rules: the first whose `when` is true ends the delivery as `skipped` with its reason, and nothing is sent.', [{ when: 'score < 50', reason: 'Score too low for API' }])),
  time_zone: TimeZoneSchema.meta(doc('IANA time zone of `$hour`, `$minute`, `$weekday` and `$day` in expressions.', 'America/New_York')),
  /**
   * Allow `http://` URLs (url, endpoints, routes, OAuth2 token_url, redirect hops). Default
   * false: the seed guide's "Use HTTPS"; only for local development and test receivers.
   */
  allow_insecure_http: z.boolean().default(FAIL_CLOSED_DEFAULTS.allow_insecure_http).meta(doc('Allow `http://` URLs (url, endpoints, routes, OAuth2 token_url, redirect hops); for local development and test receivers only.')),
  /**
   * Check the destination's TLS certificate (default true). `false` is for development only
   * and is logged as a warning on every worker start and by `leadwire validate`.
   */
  validate_ssl: z.boolean().default(FAIL_CLOSED_DEFAULTS.validate_ssl).meta(doc("Check the destination's TLS certificate; `false` is for development only and warns on every worker start.")),
  tls: TlsSchema.optional().meta(doc('A private CA to trust and a client certificate for mutual TLS, as `${SECRET}` references or files under LEADWIRE_TLS_DIR.', { ca: 'buyer/ca.pem' })),
};

/**
 * A GET or DELETE sends a json or form body mapping as query parameters (render-request.ts),
 * which are named: a mapping that makes a top-level array cannot be sent that way.
 */
export function checkQueryBody(destination: { method: string; body?: { format: string; mapping?: unknown } }, ctx: z.RefinementCtx): void {
  const { method, body } = destination;
  if ((method !== 'GET' && method !== 'DELETE') || body?.format !== 'json' || body.mapping === undefined) return;
  if (keyPathProblems(body.mapping as Parameters<typeof keyPathProblems>[0]).topLevelArray) {
    ctx.addIssue({ code: 'custom', path: ['body', 'mapping'], message: `a ${method} request sends the mapping as query parameters, which need named fields, but this mapping makes a top-level array` });
  }
}

interface TransportFields {
  url?: unknown;
  endpoints?: unknown;
  routes?: unknown;
  auth?: unknown;
  allow_insecure_http?: boolean;
}

/** Every configured URL that says `http://`, with its path in the destination. */
function insecureUrls(destination: TransportFields): { path: (string | number)[]; url: string }[] {
  const out: { path: (string | number)[]; url: string }[] = [];
  const visit = (url: unknown, path: (string | number)[]) => {
    if (typeof url === 'string' && /^http:\/\//i.test(url.trim())) out.push({ path, url });
  };
  visit(destination.url, ['url']);
  if (Array.isArray(destination.endpoints)) destination.endpoints.forEach((u, i) => visit(u, ['endpoints', i]));
  if (Array.isArray(destination.routes)) destination.routes.forEach((r, i) => visit((r as { url?: unknown })?.url, ['routes', i, 'url']));
  visit((destination.auth as { token_url?: unknown } | undefined)?.token_url, ['auth', 'token_url']);
  return out;
}

/**
 * HTTPS by default (the guide's "Use HTTPS"): an `http://` URL is refused unless the
 * destination opts in with `allow_insecure_http: true`. A refinement of the whole destination.
 */
export function checkTransportSecurity(destination: TransportFields, ctx: z.RefinementCtx): void {
  if (destination.allow_insecure_http) return;
  for (const { path } of insecureUrls(destination)) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: 'expected an https:// URL: plain http:// sends leads and credentials unencrypted. Use https://, or set `allow_insecure_http: true` (local development and test receivers only)',
    });
  }
}
