import { z } from 'zod';
import { AuthSchema } from './auth-schema.js';
import { BodySchema, FieldMappingSchema, FormEncodingShape } from './body-schema.js';
import { SkipRulesSchema } from './conditions-schema.js';
import { EndpointStrategySchema, RoutesSchema, TimeZoneSchema, urlTemplate } from './routing-schema.js';
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
  url: urlTemplate,
  /** HTTP method, case-insensitive; default POST. */
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(HTTP_METHODS, { error: `expected one of ${HTTP_METHODS.join(', ')}` }))
    .default('POST'),
  /** Extra request headers; they override leadwire's defaults. Values may hold `${SECRET}` references. */
  headers: z
    .record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'expected a valid HTTP header name' }), headerValue)
    .default({}),
  /** Request timeout in milliseconds (default 30000). */
  timeout: milliseconds(600_000).min(1, { error: 'expected a timeout of at least 1 millisecond' }).default(30_000),
  /** The request body; omitted: the whole lead as JSON. */
  body: BodySchema.optional(),
  /** Mapped lead fields sent as query parameters (for GET, or alongside a body). */
  query: z.strictObject({ mapping: FieldMappingSchema, on_missing: z.enum(['omit', 'null', 'error']).default('omit'), ...FormEncodingShape }).optional(),
  /** Authentication: basic, bearer, api_key, hmac, standard_webhooks, oauth2_client_credentials. */
  auth: AuthSchema.optional(),
  /** Compress the body: `gzip` sends `Content-Encoding: gzip`. */
  compress: z.enum(['none', 'gzip']).default('none'),
  /** Conditional routes: the first whose `when` is true wins; none: `url`. */
  routes: RoutesSchema.optional(),
  /** More URLs besides `url`, for load balancing; a connection error fails over to the next. */
  endpoints: z.array(urlTemplate).min(1).optional(),
  /** How the endpoint pool is used: round_robin (default), random, or in_order (failover only). */
  endpoint_strategy: EndpointStrategySchema,
  /** Skip rules: the first that matches ends the delivery as `skipped` with its reason. */
  skip: SkipRulesSchema.optional(),
  /** IANA time zone for `$hour`, `$minute`, `$weekday` and `$day` in rules (default UTC). */
  time_zone: TimeZoneSchema,
  /**
   * Allow `http://` URLs (url, endpoints, routes, OAuth2 token_url, redirect hops). Default
   * false: the seed guide's "Use HTTPS"; only for local development and test receivers.
   */
  allow_insecure_http: z.boolean().default(false),
  /**
   * Check the destination's TLS certificate (default true). `false` is for development only
   * and is logged as a warning on every worker start and by `leadwire validate`.
   */
  validate_ssl: z.boolean().default(true),
  /** Custom CA bundle and client certificate for mutual TLS (PEM from `${SECRET}` or files). */
  tls: TlsSchema.optional(),
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
export function insecureUrls(destination: TransportFields): { path: (string | number)[]; url: string }[] {
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
