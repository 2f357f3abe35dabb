import { z } from 'zod';
import { doc } from './doc-meta.js';
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
    size: z.number().int().min(1, { error: 'expected at least 1 lead per batch' }).max(10_000).meta(doc('Most leads in one request.', 100)),
    timeout: milliseconds(24 * 3600 * 1000)
      .min(1, { error: 'expected a timeout of at least 1 millisecond' })
      .meta(doc("Longest a lead waits for its batch to fill, in milliseconds, counted from the batch's first lead.", 60000)),
    key: leadPath.optional().meta(doc('Lead path whose value splits leads into separate batches (one batcher per value).', 'region')),
    /**
     * How the batch body is written. `json`: `{"<envelope>": [...]}` of each lead's `body`
     * mapping (default); `jsonl`: one JSON object per line; `csv`: the `body` csv columns, one
     * header line; `xml`: the `body` xml mapping repeated under `xml_root`; `template`: a
     * Liquid template over `leads` (mapped) and `raw_leads`.
     */
    format: z
      .enum(['json', 'jsonl', 'csv', 'xml', 'template'])
      .default('json')
      .meta(doc("How the batch body is written: a JSON envelope of each lead's body mapping, JSON lines, CSV, repeated XML elements, or a Liquid template.")),
    envelope: z.string().min(1).nullable().default('leads').meta(doc('The JSON envelope key around the list of leads; null sends a bare array.', 'items')),
    xml_root: z
      .string()
      .regex(/^[A-Za-z_][\w.-]*$/, { error: 'expected an XML element name' })
      .default('leads')
      .meta(doc('Root element around the repeated lead elements of an xml batch.', 'batch')),
    template: liquidTemplate.optional().meta(doc('Liquid template for `format: template`, over `leads` (mapped), `raw_leads` and `count`.', '{% for l in leads %}{{ l.email }};{% endfor %}')),
    content_type: textValue('a Content-Type such as text/plain').optional().meta(doc('Content-Type of a `format: template` batch (default text/plain).', 'text/csv')),
    max_bytes: z
      .number()
      .int()
      .min(256)
      .max(100 * 1024 * 1024)
      .default(5 * 1024 * 1024)
      .meta(doc('Largest body in bytes; a batch that renders larger is split into several requests.', 1048576)),
    results: z
      .strictObject({
        path: z.string().min(1).meta(doc('Dot path to the array of per-lead results in a JSON response.', 'results')),
        match: z.enum(['order', 'id']).default('order').meta(doc("How items find their lead: `order` (item n is lead n) or `id` (each item carries the lead's id at `id_path`).")),
        id_path: z.string().min(1).optional().meta(doc('Path of the lead id inside each item, for `match: id`.', 'lead_id')),
      })
      .refine((r) => r.match !== 'id' || r.id_path, { error: '`match: id` needs `id_path`', path: ['id_path'] })
      .optional()
      .meta(doc("Per-lead results in the response, each judged with the destination's own response rules.", { path: 'results', match: 'id', id_path: 'lead_id' })),
  })
  .refine((b) => b.format !== 'template' || b.template, { error: '`format: template` needs a `template`', path: ['template'] });

