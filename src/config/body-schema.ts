import { z } from 'zod';
import { LEAD_PATH_PATTERN } from './lead-path.js';

/**
 * A value in a body mapping. Reading it:
 * - a string is a path into the lead (`customFields.source`);
 * - a number, boolean or null is a constant;
 * - an array maps each element;
 * - `{ $value: ... }` is a constant of any JSON type;
 * - `{ $path: 'a.b', $default: ... }` is a lead path with a fallback;
 * - any other object is a nested object, mapped key by key.
 */
export type MappingValue =
  | string
  | number
  | boolean
  | null
  | MappingValue[]
  | { $value: unknown }
  | { $path: string; $default?: unknown }
  | { [key: string]: MappingValue };

const RESERVED = new Set(['$value', '$path', '$default']);

export const MappingValueSchema: z.ZodType<MappingValue> = z.lazy(() =>
  z.union([
    z.string().regex(LEAD_PATH_PATTERN, {
      error: 'expected a lead field path such as `email` or `customFields.source` (use { $value: "..." } for a constant string)',
    }),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(MappingValueSchema),
    z.strictObject({ $value: z.unknown() }),
    z.strictObject({
      $path: z.string().regex(LEAD_PATH_PATTERN, { error: 'expected a lead field path such as `email`' }),
      $default: z.unknown().optional(),
    }),
    z
      .record(z.string(), MappingValueSchema)
      .refine((o) => !Object.keys(o).some((k) => RESERVED.has(k)), {
        error: 'a `$value` or `$path` object takes no other keys',
      }),
  ]),
);

/** A body mapping: the top level is always an object. */
export const MappingSchema = z.record(z.string(), MappingValueSchema);

/** What to do when a mapped lead field is absent. */
export const OnMissingSchema = z.enum(['omit', 'null', 'error']).default('omit');

export const JsonBodySchema = z.strictObject({
  format: z.literal('json'),
  /** Output field name -> where its value comes from. */
  mapping: MappingSchema,
  on_missing: OnMissingSchema,
});

export const BodySchema = z.discriminatedUnion('format', [JsonBodySchema], {
  error: 'expected a body `format` of: json',
});

export type BodyConfig = z.infer<typeof BodySchema>;
