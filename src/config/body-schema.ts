import { z } from 'zod';
import { META_FIELDS, type MappingValue } from '../contract/mapping-value.js';
import { keyPathProblems } from '../core/render/key-paths.js';
import { doc } from './doc-meta.js';
import { LEAD_PATH_PATTERN } from './lead-path.js';
import { jsonataExpression, liquidTemplate } from './template-strings.js';
import { textValue } from './text-value.js';


const leadPathSchema = z.string().regex(LEAD_PATH_PATTERN, { error: 'expected a lead field path such as `email`' });

/** The special objects, by the key that marks them. */
const SPECIAL: Record<string, z.ZodType> = {
  $value: z.strictObject({ $value: z.unknown() }),
  $path: z.strictObject({ $path: leadPathSchema, $default: z.unknown().optional() }),
  $template: z.strictObject({ $template: liquidTemplate }),
  $expr: z.strictObject({ $expr: jsonataExpression }),
  $meta: z.strictObject({ $meta: z.enum(META_FIELDS, { error: `expected one of ${META_FIELDS.join(', ')}` }) }),
  $hash: z.strictObject({ $hash: textValue('the hash secret, e.g. "${HASH_SECRET}"') }),
};

/**
 * An object is read by its marker key (`$value`, `$path`, ...), else as a nested object;
 * dispatching here, rather than through a union, reports the problem of the form the user wrote.
 */
const mappingObject = z.record(z.string(), z.unknown()).superRefine((o, ctx) => {
  const marker = Object.keys(o).find((k) => Object.hasOwn(SPECIAL, k));
  const schema = marker ? SPECIAL[marker]! : z.record(z.string(), MappingValueSchema);
  const result = schema.safeParse(o);
  if (!result.success) for (const issue of result.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
});

const MappingValueSchema: z.ZodType<MappingValue> = z.lazy(() =>
  z.union([
    z.string().regex(LEAD_PATH_PATTERN, {
      error: 'expected a lead field path such as `email` or `customFields.source` (use { $value: "..." } for a constant string)',
    }),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(MappingValueSchema),
    mappingObject as unknown as z.ZodType<MappingValue>,
  ]),
);

/** A body mapping: output name -> value. XML reads the names as written (element names). */
const MappingSchema = z.record(z.string(), MappingValueSchema);

/**
 * Whether a mapping's output keys build (key-paths.ts): a dotted key nests, numbered segments
 * are array positions. Only a json body may be a top-level array.
 */
function checkKeyPaths(topLevelArray: 'allowed' | 'refused') {
  return (mapping: MappingValue, ctx: z.RefinementCtx) => {
    const checked = keyPathProblems(mapping);
    for (const { path, message } of checked.problems) ctx.addIssue({ code: 'custom', path, message });
    if (checked.problems.length === 0 && checked.topLevelArray && topLevelArray === 'refused') {
      ctx.addIssue({ code: 'custom', message: 'numbered top-level keys (`0.name`) make a top-level array, which only a json body can send: name the fields' });
    }
  };
}

/** A form or query mapping: output keys with dots are paths (`contact.email` is `contact[email]` or `contact.email` as `nesting` says). */
export const FieldMappingSchema = MappingSchema.superRefine(checkKeyPaths('refused'));

/** A json mapping: an object whose dotted keys are paths, or a list (a top-level array). */
const JsonMappingSchema = z.union([MappingSchema, z.array(MappingValueSchema)]).superRefine(checkKeyPaths('allowed'));

/** What to do when a mapped lead field is absent. */
const OnMissingSchema = z
  .enum(['omit', 'null', 'error'])
  .default('omit')
  .meta(doc('A mapped lead field that is absent: omit the field (an empty column in csv, delimited, fixed_width), write null, or end the delivery in error (LEAD_FIELD_MISSING).'));

const JsonBodySchema = z
  .strictObject({
    format: z.literal('json'),
    include_lead: z.boolean().default(false).meta(doc("Start from the whole lead (the guide's `...lead`), then add or replace the mapped fields.")),
    mapping: JsonMappingSchema.default({}).meta(
      doc(
        'Output field -> where its value comes from: a lead path, a constant, or a `$value`, `$path`, `$template`, `$expr`, `$meta` or `$hash` object. A dotted output key is a path (`contact.email`), a numbered segment an array position (`items.0.id`); a list, or numbered top-level keys, make a top-level array.',
        { email: 'email', source: { $value: 'web' } },
      ),
    ),
    on_missing: OnMissingSchema,
  })
  .superRefine((b, ctx) => {
    if (b.include_lead && keyPathProblems(b.mapping).topLevelArray) {
      ctx.addIssue({ code: 'custom', path: ['include_lead'], message: "include_lead adds the lead's fields to an object, but this mapping makes a top-level array: remove include_lead or name the fields" });
    }
  })
  .meta(doc('A JSON object built from the mapping (application/json).'));

/** How nested objects and arrays become form field names. */
export const FormEncodingShape = {
  nesting: z.enum(['brackets', 'dots']).default('brackets').meta(doc('How nested objects become field names: `a[b]=1` (brackets) or `a.b=1` (dots).')),
  arrays: z
    .enum(['repeat', 'brackets', 'indices', 'comma'])
    .default('repeat')
    .meta(doc('How lists become fields: `k=1&k=2` (repeat), `k[]=1&k[]=2` (brackets), `k[0]=1` (indices) or `k=1,2` (comma).')),
};

const FormBodySchema = z
  .strictObject({
    format: z.literal('form'),
    mapping: FieldMappingSchema.meta(doc('Form field -> where its value comes from, as in a JSON mapping.', { email: 'email', name: { $template: '{{ first_name }} {{ last_name }}' } })),
    on_missing: OnMissingSchema,
    ...FormEncodingShape,
  })
  .meta(doc('URL-encoded form fields from the mapping (application/x-www-form-urlencoded).'));

const XML_NAME = /^[A-Za-z_][\w.-]*$/;

const XmlBodySchema = z
  .strictObject({
    format: z.literal('xml'),
    template: liquidTemplate.optional().meta(doc('A Liquid template for the whole document; every inserted value is XML-escaped. Give `template` or `mapping`.', '<lead><email>{{ lead.email }}</email></lead>')),
    mapping: MappingSchema.optional().meta(doc('Or a mapping: keys are element names, `@name` keys are attributes of their parent, lists repeat the element.', { email: 'email', '@source': { $value: 'web' } })),
    root: z.string().regex(XML_NAME, { error: 'expected an XML element name' }).default('lead').meta(doc('Root element name of a mapping.', 'Lead')),
    declaration: z.boolean().default(true).meta(doc('Start a mapping\'s XML with `<?xml version="1.0" encoding="UTF-8"?>`.')),
    on_missing: OnMissingSchema,
  })
  .refine((b) => (b.template === undefined) !== (b.mapping === undefined), { error: 'give either `template` or `mapping`' })
  .meta(doc('An XML document from a Liquid template or a mapping (application/xml), checked well-formed before sending.'));

/** One column of a fixed-width record. */
const FixedFieldSchema = z.strictObject({
  value: MappingValueSchema.meta(doc("The column's value: a lead path or any mapping value.", 'email')),
  width: z.number().int().min(1).max(10_000).meta(doc('Width in characters; longer values are cut.', 50)),
  align: z.enum(['left', 'right']).default('left').meta(doc('`left` pads on the right, `right` pads on the left.')),
  pad: z.string().length(1, { error: 'expected exactly one padding character' }).default(' ').meta(doc('Padding character.', '0')),
});

const columnFields = z
  .array(MappingValueSchema)
  .min(1)
  .optional()
  .meta(doc('Column values in order (mapping values); absent: every top-level lead value. Nested values are written as JSON.', ['email', 'phone', 'first_name']));

const CsvBodySchema = z
  .strictObject({
    format: z.literal('csv'),
    fields: columnFields,
    header: z
      .union([z.boolean(), z.array(z.string())])
      .default(false)
      .meta(doc('A first line of column names: `true` writes the field paths, or give the names.', ['Email', 'Phone', 'First name'])),
    delimiter: z.string().length(1).default(',').meta(doc('Field separator; a value holding it, a quote or a line break is quoted (RFC 4180).', ';')),
    on_missing: OnMissingSchema,
  })
  .meta(doc('One CSV record (text/csv), optionally after a header line.'));

const DelimitedBodySchema = z
  .strictObject({
    format: z.literal('delimited'),
    fields: columnFields,
    delimiter: z.string().min(1).default('|').meta(doc('Separator; a value containing it is refused (DELIMITER_IN_VALUE) rather than sent as a corrupt record.', '~')),
    on_missing: OnMissingSchema,
  })
  .meta(doc('One record of values joined by a separator, without quoting (text/plain).'));

const FixedWidthBodySchema = z
  .strictObject({
    format: z.literal('fixed_width'),
    fields: z
      .array(FixedFieldSchema)
      .min(1, { error: 'expected at least one field' })
      .meta(doc('The columns in order, each padded or cut to its width.', [{ value: 'email', width: 50 }, { value: 'phone', width: 15 }])),
    on_missing: OnMissingSchema,
  })
  .meta(doc('One fixed-width record: each column padded or cut to its width (text/plain).'));

const TextBodySchema = z
  .strictObject({
    format: z.literal('text'),
    template: liquidTemplate.meta(doc('A Liquid template; inserted values are not escaped.', 'New lead: {{ first_name }} {{ last_name }} <{{ email }}>')),
  })
  .meta(doc('Any text from a Liquid template (text/plain).'));

const BODY_FORMATS = ['json', 'form', 'xml', 'csv', 'delimited', 'fixed_width', 'text'] as const;

export const BodySchema = z.discriminatedUnion(
  'format',
  [JsonBodySchema, FormBodySchema, XmlBodySchema, CsvBodySchema, DelimitedBodySchema, FixedWidthBodySchema, TextBodySchema],
  { error: `expected a body \`format\` of: ${BODY_FORMATS.join(', ')}` },
);

