import { z } from 'zod';
import { BodySchema } from './body-schema.js';
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
  /** Where to send the lead. May hold `${SECRET}` references (resolved at send time). */
  url: z
    .string({ error: 'expected a URL such as https://api.example.com/leads' })
    .refine((u) => /^https?:\/\/[^\s/]+/i.test(u), { error: 'expected an http:// or https:// URL' }),
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
};
