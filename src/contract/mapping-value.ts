/** Delivery facts a mapping can insert with `{ $meta: ... }` (the guide's "Request Enrichment"). */
export const META_FIELDS = ['source', 'timestamp', 'destination', 'delivery_id'] as const;
export type MetaField = (typeof META_FIELDS)[number];

/**
 * A value in a body, query or column mapping, as a destination writes it. Reading it:
 * - a string is a path into the lead (`customFields.source`);
 * - a number, boolean or null is a constant;
 * - an array maps each element;
 * - `{ $value: ... }` is a constant of any JSON type;
 * - `{ $path: 'a.b', $default: ... }` is a lead path with a fallback;
 * - `{ $template: '{{ first_name }} {{ last_name }}' }` is a Liquid template (a string);
 * - `{ $expr: 'score * 2' }` is a JSONata expression (keeps its type);
 * - `{ $meta: timestamp }` is a delivery fact: source, timestamp (ISO 8601), destination, delivery_id;
 * - `{ $hash: '${HASH_SECRET}' }` is hex sha256 of the canonical lead JSON followed by the secret;
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
  | { $template: string }
  | { $expr: string }
  | { $meta: MetaField }
  | { $hash: string }
  | { [key: string]: MappingValue };

/** Output name -> value. */
export type Mapping = Record<string, MappingValue>;
