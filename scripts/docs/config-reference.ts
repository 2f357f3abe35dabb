import { stringify } from 'yaml';
import { destinationJsonSchema } from '../destination-json-schema.js';
import { codeCell, markdownCell, sentence } from './markdown.js';

/** The part of JSON Schema the zod schemas produce and this reference reads. */
interface JsonSchema {
  type?: string | string[];
  description?: string;
  examples?: unknown[];
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  $ref?: string;
}

/** One key of a destination file, as a row of the reference. */
export interface ConfigKey {
  path: string;
  type: string;
  default: string;
  description: string;
  example: string;
}

/** A table of keys: the top level, a nested object, or one variant of a union (`body` with `format: xml`). */
export interface ConfigSection {
  title: string;
  description: string;
  keys: ConfigKey[];
}

const show = (value: unknown) => `\`${codeCell(typeof value === 'string' ? value : JSON.stringify(value))}\``;

/** Every branch of nested anyOf/oneOf, flattened. */
function branches(schema: JsonSchema): JsonSchema[] {
  const alternatives = schema.anyOf ?? schema.oneOf;
  return alternatives ? alternatives.flatMap(branches) : [schema];
}

const objectBranches = (schema: JsonSchema) => branches(schema).filter((b) => b.properties);

/** The key whose `const` tells the variants of a union of objects apart (`type`, `format`). */
function discriminator(variants: JsonSchema[]): string | undefined {
  if (variants.length < 2) return undefined;
  const keys = Object.keys(variants[0]!.properties ?? {}).filter((k) => variants[0]!.properties![k]!.const !== undefined);
  return keys.find((k) => variants.filter((v) => v.properties?.[k]?.const !== undefined).length >= variants.length - 1);
}

function range(schema: JsonSchema): string {
  const { minimum: min, maximum: max } = schema;
  if (min !== undefined && max !== undefined) return ` ${min} to ${max}`;
  if (min !== undefined) return ` ≥ ${min}`;
  if (max !== undefined) return ` ≤ ${max}`;
  return '';
}

/** A short, readable type: `integer 1 to 100`, `list of integer`, `` `json` \| `xml` ``, `map of string to path`. */
export function typeOf(schema: JsonSchema): string {
  if (schema.$ref) return 'mapping value';
  if (schema.const !== undefined) return show(schema.const);
  if (schema.enum) return schema.enum.map(show).join(' ');
  if (schema.anyOf || schema.oneOf) {
    const all = branches(schema);
    const variants = all.filter((b) => b.properties);
    const key = discriminator(variants);
    if (key) return `object by \`${key}\``;
    return [...new Set(all.map(typeOf))].join(' or ');
  }
  if (Array.isArray(schema.type)) return schema.type.join(' or ');
  switch (schema.type) {
    case 'integer':
    case 'number':
      return `${schema.type}${range(schema)}`;
    case 'array':
      return `list of ${schema.items ? typeOf(schema.items) : 'values'}`;
    case 'object':
      if (schema.properties) {
        const keys = Object.keys(schema.properties);
        return keys.length <= 2 ? `{ ${keys.join(', ')} }` : 'object';
      }
      return `map of string to ${typeof schema.additionalProperties === 'object' ? typeOf(schema.additionalProperties) : 'any'}`;
    case undefined:
      return 'any';
    default:
      return schema.type;
  }
}

/**
 * What zod cannot put in the JSON Schema of a key whose value is transformed (`method` is
 * upper-cased, header values become text, auth gets its `type`): with `io: 'input'` it leaves out
 * their default and examples. The reference takes them from here instead.
 */
const NOT_IN_JSON_SCHEMA: Record<string, { default?: unknown; example?: unknown }> = {
  method: { default: 'POST', example: 'PUT' },
  headers: { default: {}, example: { 'X-API-Key': '${API_KEY}' } },
  auth: { example: { type: 'bearer', token: '${API_TOKEN}' } },
};

/** An example value: the schema's own `examples`, else one the type makes obvious (an enum's other value, a boolean's opposite). */
function exampleOf(schema: JsonSchema): unknown {
  if (schema.examples?.length) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum.find((v) => v !== schema.default) ?? schema.enum[0];
  if (schema.type === 'boolean') return schema.default === undefined ? true : !schema.default;
  return undefined;
}

/** A value as it is written in a destination file, on one line (YAML flow style, quoted where YAML needs it). */
function yamlValue(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

function keyRow(path: string, jsonSchema: JsonSchema, required: boolean, descriptionOverride?: string): ConfigKey {
  const extra = NOT_IN_JSON_SCHEMA[path];
  const schema: JsonSchema = extra ? { ...jsonSchema, default: jsonSchema.default ?? extra.default, examples: jsonSchema.examples ?? [extra.example] } : jsonSchema;
  const example = exampleOf(schema);
  const isObjectDefault = schema.default !== undefined && typeof schema.default === 'object' && schema.default !== null && !Array.isArray(schema.default) && Object.keys(schema.default).length > 0;
  return {
    path,
    type: typeOf(schema),
    default: required ? 'required' : schema.default === undefined ? '' : isObjectDefault ? 'each key\'s default' : show(schema.default),
    description: descriptionOverride ?? schema.description ?? '',
    example: example === undefined ? '' : `\`${codeCell(`${path.split('.').pop()!.replace('[]', '')}: ${yamlValue(example)}`)}\``,
  };
}

/**
 * Walks the JSON Schema of a destination (generated from the zod schemas, as written in a file)
 * into sections: every key with its type, default, description and an example. Objects nest
 * into their own sections; a union of objects (`body` by `format`, `auth` by `type`) gets one
 * section per variant.
 */
export function configSections(root: JsonSchema = destinationJsonSchema() as JsonSchema): ConfigSection[] {
  const sections: ConfigSection[] = [];
  const visitObject = (title: string, description: string, object: JsonSchema, prefix: string, discriminatorKey?: string, variant = '', optionalDiscriminator = false) => {
    const section: ConfigSection = { title, description, keys: [] };
    sections.push(section);
    const nested: (() => void)[] = [];
    for (const [key, schema] of Object.entries(object.properties ?? {})) {
      const path = `${prefix}${key}`;
      const required = (object.required ?? []).includes(key) && schema.default === undefined;
      const isDiscriminator = key === discriminatorKey;
      const discriminatorOptional = isDiscriminator && optionalDiscriminator;
      section.keys.push(keyRow(path, schema, required && !discriminatorOptional, isDiscriminator ? `Selects this kind of \`${prefix.replace(/\.$/, '')}\`${discriminatorOptional ? ', and may be left out' : ''}.` : undefined));
      const target = schema.type === 'array' && schema.items ? schema.items : schema;
      const childPrefix = `${path}${target === schema ? '' : '[]'}.`;
      const variants = objectBranches(target);
      const key2 = discriminator(variants);
      if (key2) {
        // One section per value of the discriminator; `auth` without `type` is basic, already listed.
        const seen = new Set<unknown>();
        const optional = new Set(variants.filter((v) => !(v.required ?? []).includes(key2)).map((v) => v.properties?.[key2]?.const));
        for (const option of variants) {
          const label = option.properties?.[key2]?.const;
          if (label === undefined || seen.has(label)) continue;
          seen.add(label);
          const name = `${key2}: ${String(label)}`;
          nested.push(() => visitObject(`${childPrefix.slice(0, -1)} (${name})`, option.description ?? schema.description ?? '', option, childPrefix, key2, name, optional.has(label)));
        }
      } else if (variants.length === 1 && Object.keys(variants[0]!.properties!).length > 0 && !isPathLike(variants[0]!)) {
        const name = `${childPrefix.slice(0, -1)}${variant ? ` (${variant})` : ''}`;
        nested.push(() => visitObject(name, target.description ?? schema.description ?? '', variants[0]!, childPrefix, undefined, variant));
      }
    }
    for (const visit of nested) visit();
  };
  visitObject('Top-level keys', root.description ?? '', root, '');
  return sections;
}

/** `{ json: ... }`-style single-key objects (a response path's syntax) are a type, not a section. */
function isPathLike(schema: JsonSchema): boolean {
  return Object.keys(schema.properties ?? {}).length === 1 && (schema.required ?? []).length === 1;
}

/** Keys the reference cannot describe yet: what the staleness test reports. */
export function undocumentedKeys(sections = configSections()): { missingDescription: string[]; missingExample: string[] } {
  const keys = sections.flatMap((s) => s.keys);
  return {
    missingDescription: keys.filter((k) => !k.description).map((k) => k.path),
    missingExample: keys.filter((k) => !k.example).map((k) => k.path),
  };
}

/** docs/config-reference.md, generated from the zod schemas through their JSON Schema. */
export function configReferenceText(sections = configSections()): string {
  const lines = [
    '# Configuration reference',
    '',
    '<!-- Generated by `npm run docs` from the zod schemas in src/config (their JSON Schema, schema/destination.schema.json); edit the schemas, not this file. -->',
    '',
    'Every key of a destination file, with its type, default, a description and an example. Durations are in milliseconds and sizes in bytes. Unknown keys are refused, and `leadwire validate <file>` lists every problem by path. [Configuring destinations](configuration.md) explains the same keys by topic, with longer examples; `examples/destinations/` has a runnable file for each.',
    '',
    'Sections:',
    '',
    ...sections.map((s) => `- [${s.title}](#${anchor(s.title)})`),
    '',
  ];
  for (const section of sections) {
    lines.push(`## ${section.title}`, '');
    if (section.description) lines.push(markdownCell(sentence(section.description)), '');
    lines.push('| key | type | default | description | example |', '|---|---|---|---|---|');
    for (const key of section.keys) {
      lines.push(`| \`${key.path}\` | ${markdownCell(key.type)} | ${key.default} | ${markdownCell(sentence(key.description))} | ${key.example} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}
