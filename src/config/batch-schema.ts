import { z } from 'zod';
import { LEAD_PATH_PATTERN } from './lead-path.js';
import { liquidTemplate } from './template-strings.js';
import { textValue } from './text-value.js';
import { milliseconds } from './units.js';

const leadPath = z.string().regex(LEAD_PATH_PATTERN, { error: 'expected a lead field path such as `region`' });

/**
 * Batch delivery (the guide's "Batch Requests"): leads are collected per destination (and
 * per `key`) and sent together when `size` leads are waiting or `timeout` ms have passed
 * since the batch's first lead, whichever comes first.
 */
export const BatchSchema = z
  .strictObject({
    /** Most leads in one request. */
    size: z.number().int().min(1, { error: 'expected at least 1 lead per batch' }).max(10_000),
    /** Longest a lead waits for its batch to fill, in milliseconds, counted from the batch's first lead. */
    timeout: milliseconds(24 * 3600 * 1000).min(1, { error: 'expected a timeout of at least 1 millisecond' }),
    /** Lead path whose value splits leads into separate batches (e.g. `region`). */
    key: leadPath.optional(),
    /**
     * How the batch body is written. `json`: `{"<envelope>": [...]}` of each lead's `body`
     * mapping (default); `jsonl`: one JSON object per line; `csv`: the `body` csv columns, one
     * header line; `xml`: the `body` xml mapping repeated under `xml_root`; `template`: a
     * Liquid template over `leads` (mapped) and `raw_leads`.
     */
    format: z.enum(['json', 'jsonl', 'csv', 'xml', 'template']).default('json'),
    /** JSON envelope key (default `leads`); null sends a bare array. */
    envelope: z.string().min(1).nullable().default('leads'),
    /** Root element around repeated lead elements for `format: xml` (default `leads`). */
    xml_root: z.string().regex(/^[A-Za-z_][\w.-]*$/, { error: 'expected an XML element name' }).default('leads'),
    /** Liquid template for `format: template`. */
    template: liquidTemplate.optional(),
    /** Content-Type for `format: template` (default text/plain). */
    content_type: textValue('a Content-Type such as text/plain').optional(),
    /** Largest body in bytes; a batch that renders larger is split into several requests. */
    max_bytes: z.number().int().min(256).max(100 * 1024 * 1024).default(5 * 1024 * 1024),
    /** Per-lead results in the response, judged with the destination's own response rules. */
    results: z
      .strictObject({
        /** Dot path to the array of per-lead results in a JSON response, e.g. `results`. */
        path: z.string().min(1),
        /** `order`: item n belongs to lead n; `id`: items carry the lead's id at `id_path`. */
        match: z.enum(['order', 'id']).default('order'),
        /** Path of the lead id inside each item, for `match: id`. */
        id_path: z.string().min(1).optional(),
      })
      .refine((r) => r.match !== 'id' || r.id_path, { error: '`match: id` needs `id_path`', path: ['id_path'] })
      .optional(),
  })
  .refine((b) => b.format !== 'template' || b.template, { error: '`format: template` needs a `template`', path: ['template'] });

export type BatchConfig = z.output<typeof BatchSchema>;
