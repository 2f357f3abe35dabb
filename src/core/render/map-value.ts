import type { MappingValue } from '../../config/body-schema.js';
import { RenderError } from '../errors/render-error.js';
import { getPath } from '../paths/get-path.js';

/** Marks a value the mapping leaves out (absent lead field with `on_missing: omit`). */
export const OMIT: unique symbol = Symbol('omit');

export type OnMissing = 'omit' | 'null' | 'error';

/**
 * Builds a JSON value from a mapping and a lead. Types are kept: a number in the lead
 * stays a number in the body.
 */
export function mapValue(spec: MappingValue, lead: unknown, onMissing: OnMissing, at: string): unknown {
  if (typeof spec === 'string') return fromLead(lead, spec, undefined, onMissing, at);
  if (spec === null || typeof spec !== 'object') return spec;
  if (Array.isArray(spec)) {
    return spec.map((s, i) => mapValue(s, lead, onMissing, `${at}[${i}]`)).filter((v) => v !== OMIT);
  }
  if ('$value' in spec) return spec.$value;
  if ('$path' in spec && typeof spec.$path === 'string') {
    return fromLead(lead, spec.$path, (spec as { $default?: unknown }).$default, onMissing, at);
  }
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(spec as Record<string, MappingValue>)) {
    const v = mapValue(sub, lead, onMissing, at ? `${at}.${key}` : key);
    if (v !== OMIT) out[key] = v;
  }
  return out;
}

function fromLead(lead: unknown, path: string, fallback: unknown, onMissing: OnMissing, at: string): unknown {
  const value = getPath(lead, path);
  if (value !== undefined) return value;
  if (fallback !== undefined) return fallback;
  if (onMissing === 'null') return null;
  if (onMissing === 'error') {
    throw new RenderError(`The lead has no field \`${path}\`, which body field \`${at}\` needs (on_missing: error). Add it to the lead or give a $default.`, 'LEAD_FIELD_MISSING');
  }
  return OMIT;
}
