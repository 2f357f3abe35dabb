import { RenderError } from '../errors/render-error.js';
import { evaluateExpression } from '../template/expression.js';
import { renderTemplate, renderTemplateShape } from '../template/liquid-template.js';
import { formPairs, type FormEncoding } from './encode-form.js';
import { mapValue } from './map-value.js';
import type { RenderEnv } from './render-env.js';
import { isTruthy } from './is-truthy.js';
import { valueDotSegment } from './url-dot-segments.js';

/**
 * Renders a URL template: lead values and secrets are percent-encoded (RFC 3986), so they cannot
 * add a `/`, `?` or `#`; and a path segment that a value leaves made only of dots (`..`, `.`,
 * which the URL parser would resolve into another path) is refused.
 */
function renderUrl(template: string, env: RenderEnv, where: string): string {
  const url = renderTemplate(template, env.scope, 'url', env.secrets, where);
  if (!/^https?:\/\/[^\s/]+/i.test(url)) {
    throw new RenderError(`The URL from ${where} is not an http(s) URL after filling in the lead's values. Check the template.`, 'URL_INVALID');
  }
  const dots = valueDotSegment(url, renderTemplateShape(template, env.scope, where));
  if (dots !== undefined) {
    throw new RenderError(
      `The URL from \`${where}\` would have the path segment ${JSON.stringify(dots)} after filling in the lead's values: a segment made only of dots is resolved by the URL parser (\`..\` goes up a level), so the request would go to another path. Correct the lead value, or put it in the query string instead of the path.`,
      'URL_PATH_INVALID',
    );
  }
  return url;
}

/**
 * Where this lead goes: the first route whose `when` holds, else the pool `url` then
 * `endpoints` (the caller picks among them and fails over in order).
 */
export async function resolveTargets(env: RenderEnv): Promise<string[]> {
  const { destination } = env;
  for (const [i, route] of (destination.routes ?? []).entries()) {
    if (isTruthy(await evaluateExpression(route.when, env.lead, env.bindings, `routes[${i}].when`))) {
      return [renderUrl(route.url, env, `routes[${i}].url`)];
    }
  }
  return [destination.url, ...(destination.endpoints ?? [])].map((u, i) => renderUrl(u, env, i === 0 ? 'url' : `endpoints[${i - 1}]`));
}

/** Appends name/value pairs to a URL's query string, form-encoded. */
export function appendQuery(url: string, pairs: [string, string][]): string {
  if (pairs.length === 0) return url;
  const hash = url.indexOf('#');
  const base = hash === -1 ? url : url.slice(0, hash);
  const query = new URLSearchParams(pairs).toString();
  return `${base}${base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?'}${query}${hash === -1 ? '' : url.slice(hash)}`;
}

/** The query pairs a mapping produces. */
export async function queryPairs(
  mapping: Parameters<typeof mapValue>[0],
  env: RenderEnv,
  onMissing: 'omit' | 'null' | 'error',
  encoding: FormEncoding,
): Promise<[string, string][]> {
  const mapped = (await mapValue(mapping, env, onMissing, 'query', { keyPaths: true })) as Record<string, unknown>;
  return formPairs(mapped, encoding);
}
