import { z } from 'zod';
import { BodySchema } from './body-schema.js';
import { RetrySchema } from './retry-schema.js';
import { ResponseParserSchema, SuccessCodesSchema } from './response-schema.js';
import { milliseconds } from './units.js';
import { LEAD_PATH_PATTERN } from './lead-path.js';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** `${NAME}` or `${env:NAME}`: a reference to an environment variable, resolved at send time. */
const headerValue = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((v) => String(v))
  .refine((v) => !/[\r\n]/.test(v), { error: 'a header value may not contain a line break (CR or LF)' });

/**
 * A destination: where and how leads are delivered.
 * Key names follow the seed guide (`success_codes`, `response_parser`, `retry.max_attempts`).
 */
export const DestinationSchema = z.strictObject({
  /** Human name, also used in delivery ids and search attributes. */
  name: z
    .string({ error: 'expected a destination name' })
    .trim()
    .min(1, { error: 'expected a destination name' })
    .max(200),
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
  /** Extra request headers. Values may hold `${SECRET}` references. */
  headers: z
    .record(
      z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'expected a valid HTTP header name' }),
      headerValue,
    )
    .default({}),
  /** Request timeout in milliseconds (default 30000). */
  timeout: milliseconds(600_000).min(1, { error: 'expected a timeout of at least 1 millisecond' }).default(30_000),
  /** The request body; omitted: the whole lead as JSON. */
  body: BodySchema.optional(),
  /** Status codes that mean success; default: any 2xx. */
  success_codes: SuccessCodesSchema.optional(),
  /** Fields to extract from the response into the result record. */
  response_parser: ResponseParserSchema.optional(),
  retry: RetrySchema.default({ max_attempts: 3 }),
  /** Where the lead's own id is found (default `id`); used for the delivery id. */
  lead_id_field: z
    .string()
    .regex(LEAD_PATH_PATTERN, { error: 'expected a lead field path such as `id`' })
    .default('id'),
});

/** A validated destination, defaults applied. */
export type Destination = z.output<typeof DestinationSchema>;
/** A destination as written in a file. */
export type DestinationInput = z.input<typeof DestinationSchema>;
