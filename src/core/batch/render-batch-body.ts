import type { BatchPlan } from '../../contract/batch-plan.js';
import type { BodyPlan } from '../../contract/request-plan.js';
import { RenderError } from '../errors/render-error.js';
import { assertWellFormedXml } from '../render/build-xml.js';
import { renderBody, type RenderedBody } from '../render/render-body.js';
import type { RenderEnv } from '../render/render-env.js';
import { renderTemplate } from '../template/liquid-template.js';

/**
 * Renders one lead's part of a batch body with the destination's own `body` config, so a
 * batch carries each lead exactly as a single delivery would. Throws the lead's own
 * RenderError, which the caller records against that lead alone.
 */
export async function renderBatchItem(batch: BatchPlan, body: BodyPlan | undefined, env: RenderEnv, first: boolean): Promise<string> {
  if (batch.format === 'csv') {
    if (body?.format !== 'csv') throw new RenderError('A csv batch needs `body.format: csv` to say which columns to write.', 'BATCH_FORMAT_MISMATCH');
    // Only the first line of the batch carries the header.
    return (await renderBody(first ? body : { ...body, header: false }, env)).body;
  }
  if (batch.format === 'xml') {
    if (body?.format !== 'xml') throw new RenderError('An xml batch needs `body.format: xml` to say how each lead is written.', 'BATCH_FORMAT_MISMATCH');
    return (await renderBody({ ...body, ...(body.template === undefined ? { declaration: false } : {}) }, env)).body.replace(/^<\?xml[^>]*\?>\s*/, '');
  }
  const rendered: RenderedBody = await renderBody(body, env);
  if (batch.format !== 'template' && !rendered.contentType.includes('json')) {
    throw new RenderError(`A ${batch.format} batch needs each lead rendered as JSON, but body.format is ${body?.format}. Use batch.format csv, xml or template.`, 'BATCH_FORMAT_MISMATCH');
  }
  return rendered.body;
}

/** Joins rendered items into the batch body. */
export function joinBatchBody(batch: BatchPlan, items: string[], raw: unknown[], secrets: (name: string) => string): RenderedBody {
  switch (batch.format) {
    case 'json': {
      const list = `[${items.join(',')}]`;
      return { body: batch.envelope === null ? list : `{${JSON.stringify(batch.envelope)}:${list}}`, contentType: 'application/json' };
    }
    case 'jsonl':
      return { body: `${items.join('\n')}\n`, contentType: 'application/x-ndjson' };
    case 'csv':
      return { body: `${items.join('\r\n')}\r\n`, contentType: 'text/csv' };
    case 'xml': {
      const body = `<?xml version="1.0" encoding="UTF-8"?><${batch.xml_root}>${items.join('')}</${batch.xml_root}>`;
      assertWellFormedXml(body);
      return { body, contentType: 'application/xml' };
    }
    case 'template': {
      const leads = items.map((text) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return text;
        }
      });
      const body = renderTemplate(batch.template!, { leads, raw_leads: raw, count: items.length }, 'none', secrets, 'batch.template');
      return { body, contentType: batch.content_type ?? 'text/plain' };
    }
  }
}
