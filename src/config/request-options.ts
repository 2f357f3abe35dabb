import { z } from 'zod';
import { AuthSchema } from './auth-schema.js';
import { BodySchema, FormEncodingShape, MappingSchema } from './body-schema.js';
import { SkipRulesSchema } from './conditions-schema.js';
import { EndpointStrategySchema, RoutesSchema, TimeZoneSchema, urlTemplate } from './routing-schema.js';
import { milliseconds } from './units.js';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const headerValue = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((v) => String(v))
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
  query: z.strictObject({ mapping: MappingSchema, on_missing: z.enum(['omit', 'null', 'error']).default('omit'), ...FormEncodingShape }).optional(),
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
};
