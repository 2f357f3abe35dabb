import type { MappingValue } from '../../contract/mapping-value.js';
import type { BodyPlan } from '../../contract/request-plan.js';
import { formScalar } from './encode-form.js';
import { encodeForm } from './encode-form.js';
import { asLeadValue, assertWellFormedXml, buildXml } from './build-xml.js';
import { csvLines, delimitedLine, fixedField } from './encode-text.js';
import { mapValue, OMIT, type OnMissing } from './map-value.js';
import type { RenderEnv } from './render-env.js';
import { renderTemplate } from '../template/liquid-template.js';

/** A rendered body and the Content-Type it goes with by default. */
export interface RenderedBody {
  body: string;
  contentType: string;
}

/** Renders the configured body; no body config: the whole lead as JSON. */
export async function renderBody(config: BodyPlan | undefined, env: RenderEnv): Promise<RenderedBody> {
  if (!config) return { body: JSON.stringify(env.lead), contentType: 'application/json' };
  switch (config.format) {
    case 'json': {
      // A list mapping, or numbered output keys, make a top-level array (never with include_lead: checked at load).
      const mapped = await mapValue(config.mapping, env, config.on_missing, '', { keyPaths: true });
      return { body: JSON.stringify(config.include_lead ? { ...env.lead, ...(mapped as Record<string, unknown>) } : mapped), contentType: 'application/json' };
    }
    case 'form': {
      const mapped = (await mapValue(config.mapping, env, config.on_missing, '', { keyPaths: true })) as Record<string, unknown>;
      return { body: encodeForm(mapped, config), contentType: 'application/x-www-form-urlencoded' };
    }
    case 'xml': {
      const body =
        config.template !== undefined
          ? renderTemplate(config.template, env.scope, 'xml', env.secrets, 'body.template').trim()
          : buildXml(config.root, (await mapValue(config.mapping!, env, config.on_missing, '', { leadValue: asLeadValue })) as Record<string, unknown>, config.declaration);
      assertWellFormedXml(body);
      return { body, contentType: 'application/xml' };
    }
    case 'csv': {
      const { names, values } = await columns(config.fields, env, config.on_missing);
      const header = config.header === true ? [names] : Array.isArray(config.header) ? [config.header] : [];
      return { body: csvLines([...header, values], config.delimiter), contentType: 'text/csv' };
    }
    case 'delimited': {
      const { names, values } = await columns(config.fields, env, config.on_missing);
      return { body: delimitedLine(values, config.delimiter, names), contentType: 'text/plain' };
    }
    case 'fixed_width': {
      let line = '';
      for (const [i, f] of config.fields.entries()) {
        const v = await mapValue(f.value, env, config.on_missing, `fields[${i}]`);
        line += fixedField(v === OMIT ? '' : v, f);
      }
      return { body: line, contentType: 'text/plain' };
    }
    case 'text':
      return { body: renderTemplate(config.template, env.scope, 'none', env.secrets, 'body.template'), contentType: 'text/plain' };
  }
}

/**
 * The values of a column list. Without `fields`, every top-level lead value in order (the
 * guide's `Object.values(lead)`); nested values are written as JSON. An omitted value is an
 * empty column, so columns never shift.
 */
async function columns(fields: MappingValue[] | undefined, env: RenderEnv, onMissing: OnMissing): Promise<{ names: string[]; values: unknown[] }> {
  if (!fields) return { names: Object.keys(env.lead), values: Object.values(env.lead) };
  const names: string[] = [];
  const values: unknown[] = [];
  for (const [i, f] of fields.entries()) {
    names.push(typeof f === 'string' ? f : `fields[${i}]`);
    const v = await mapValue(f, env, onMissing, typeof f === 'string' ? f : `fields[${i}]`);
    values.push(v === OMIT ? '' : v);
  }
  return { names, values: values.map((v) => (v !== null && typeof v === 'object' ? formScalar(v) : v)) };
}
