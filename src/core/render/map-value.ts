import { createHash } from 'node:crypto';
import type { MappingValue } from '../../contract/mapping-value.js';
import type { OnMissing } from '../../contract/request-plan.js';
import { canonicalJson } from '../delivery/delivery-id.js';
import { RenderError } from '../errors/render-error.js';
import { getPath } from '../paths/get-path.js';
import { substituteSecrets } from '../secrets/secret-refs.js';
import { evaluateExpression } from '../template/expression.js';
import { renderTemplate } from '../template/liquid-template.js';
import { expandKeyPaths } from './key-paths.js';
import type { RenderEnv } from './render-env.js';

/** Marks a value the mapping leaves out (absent lead field with `on_missing: omit`). */
export const OMIT: unique symbol = Symbol('omit');

export type { OnMissing };

/** Given each value taken from the lead (a mapped field, an expression's result) and its mapping path; returns what to put there. */
type LeadValueHook = (value: unknown, at: string) => unknown;

interface MapOptions {
  /** Lets a format tell the lead's values from the mapping's own structure (XML: data, never markup). */
  leadValue?: LeadValueHook;
  /** Output keys with a dot are paths (json, form, query; see key-paths.ts); otherwise names as written (XML element names). */
  keyPaths?: boolean;
}

/**
 * Builds a JSON value from a mapping and a lead. Types are kept: a number in the lead
 * stays a number in the body. Only the mapped fields are produced.
 */
export async function mapValue(spec: MappingValue, env: RenderEnv, onMissing: OnMissing, at: string, options: MapOptions = {}): Promise<unknown> {
  const { leadValue } = options;
  const fromLead = (path: string, fallback: unknown) => {
    const value = getPath(env.lead, path);
    if (value !== undefined) return leadValue ? leadValue(value, at) : value;
    if (fallback !== undefined) return fallback;
    return missing(`the lead field \`${path}\``, onMissing, at);
  };
  if (typeof spec === 'string') return fromLead(spec, undefined);
  if (spec === null || typeof spec !== 'object') return spec;
  if (Array.isArray(spec)) {
    const out: unknown[] = [];
    for (const [i, s] of spec.entries()) {
      const v = await mapValue(s, env, onMissing, `${at}[${i}]`, options);
      if (v !== OMIT) out.push(v);
    }
    return out;
  }
  if ('$value' in spec) return spec.$value;
  if ('$path' in spec && typeof spec.$path === 'string') {
    return fromLead(spec.$path, (spec as { $default?: unknown }).$default);
  }
  if ('$template' in spec && typeof spec.$template === 'string') return renderTemplate(spec.$template, env.scope, 'none', env.secrets, `body field \`${at}\``);
  if ('$expr' in spec && typeof spec.$expr === 'string') {
    const v = await evaluateExpression(spec.$expr, env.lead, env.bindings, `body field \`${at}\``);
    if (v === undefined) return missing(`the expression for \`${at}\``, onMissing, at);
    return leadValue ? leadValue(v, at) : v;
  }
  if ('$meta' in spec && typeof spec.$meta === 'string') return metaValue(spec.$meta, env);
  if ('$hash' in spec && typeof spec.$hash === 'string') return verificationHash(spec.$hash, env);
  if (options.keyPaths) {
    const expanded = expandKeyPaths(spec as Record<string, MappingValue>);
    // Checked when the config is loaded: only a config that skipped validation gets here.
    if ('problem' in expanded) throw new RenderError(`The mapping at \`${at || 'the top'}\` cannot be built: ${expanded.problem}. Fix the destination's output keys.`, 'MAPPING_INVALID');
    if (expanded.value !== spec) return mapValue(expanded.value, env, onMissing, at, options);
  }
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(spec as Record<string, MappingValue>)) {
    const v = await mapValue(sub, env, onMissing, at ? `${at}.${key}` : key, options);
    if (v !== OMIT) out[key] = v;
  }
  return out;
}

function metaValue(field: string, env: RenderEnv): string {
  switch (field) {
    case 'source':
      return 'leadwire';
    case 'timestamp':
      return env.context.now;
    case 'destination':
      return env.destination.name;
    default:
      return env.context.deliveryId;
  }
}

/** The guide's `sha256(JSON.stringify(lead) + secret)`, over canonical JSON so key order never changes it. */
function verificationHash(secretText: string, env: RenderEnv): string {
  if (env.secrets.masked) return `***sha256(lead + ${substituteSecrets(secretText, env.secrets)})***`;
  const secret = substituteSecrets(secretText, env.secrets);
  return createHash('sha256').update(canonicalJson(env.lead) + secret).digest('hex');
}

function missing(what: string, onMissing: OnMissing, at: string): unknown {
  if (onMissing === 'null') return null;
  if (onMissing === 'error') {
    throw new RenderError(`The lead has no value for ${what}, which \`${at}\` needs (on_missing: error). Add it to the lead or give a $default.`, 'LEAD_FIELD_MISSING');
  }
  return OMIT;
}
