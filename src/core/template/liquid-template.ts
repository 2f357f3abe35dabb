import { createRequire } from 'node:module';
import type { Liquid, Template } from 'liquidjs';
import { RenderError } from '../errors/render-error.js';
import { SECRET_REF } from '../secrets/secret-refs.js';

/**
 * How values inserted by a template are escaped, so a lead value can never break the
 * format it lands in: `xml` escapes `& < > " '`, `url` percent-encodes (RFC 3986),
 * `none` inserts text as is (JSON and form bodies escape later, when they serialise).
 */
export type TemplateEscape = 'none' | 'xml' | 'url';

/** Longest a template may take to render, in milliseconds. */
const TEMPLATE_RENDER_LIMIT_MS = 1000;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xmlEscape = (text: string): string => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
/** encodeURIComponent plus the sub-delimiters it leaves alone (RFC 3986 section 2.2). */
const urlEscape = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** An engine per escape, plus `placeholder`: every inserted value becomes {@link VALUE_PLACEHOLDER} (see renderTemplateShape). */
type EngineKind = TemplateEscape | 'placeholder';

/** What renderTemplateShape writes in place of each inserted value. */
const VALUE_PLACEHOLDER = 'v';

const ESCAPERS: Record<EngineKind, ((v: unknown) => string) | undefined> = {
  none: undefined,
  xml: (v) => xmlEscape(stringify(v)),
  url: (v) => urlEscape(stringify(v)),
  placeholder: () => VALUE_PLACEHOLDER,
};

function stringify(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Liquid's tags that read template files. A destination's templates come from its config alone. */
const FILE_TAGS = ['include', 'render', 'layout'] as const;

/** Thrown while parsing a file tag, so the parse fails with a reason and no file is ever looked up. */
class FileTagRefused extends Error {
  constructor(readonly tag: string) {
    super(`the ${tag} tag is not available: templates cannot read files; inline the text instead`);
  }
}

/** The file tag refusal behind a LiquidJS parse error (the tag may sit inside `{% liquid %}` or a block). */
function fileTagRefusal(err: unknown): FileTagRefused | undefined {
  for (let e = err, depth = 0; e && depth < 10; e = (e as { originalError?: unknown }).originalError, depth++) {
    if (e instanceof FileTagRefused) return e;
  }
  return undefined;
}

// LiquidJS is loaded on first use: validating a destination whose strings hold no template
// (and every CLI command that renders nothing) starts without it.
const require = createRequire(import.meta.url);

const engines = new Map<EngineKind, Liquid>();
function engine(escape: EngineKind): Liquid {
  let e = engines.get(escape);
  if (!e) {
    const outputEscape = ESCAPERS[escape];
    const { Liquid: LiquidEngine } = require('liquidjs') as typeof import('liquidjs');
    e = new LiquidEngine({
      strictFilters: true,
      strictVariables: false,
      ownPropertyOnly: true,
      parseLimit: 100_000,
      renderLimit: TEMPLATE_RENDER_LIMIT_MS,
      memoryLimit: 10_000_000,
      // An empty in-memory file system: even a file tag that got past the refusal below finds
      // nothing (no prototype either, so `include "constructor"` is not a hit).
      templates: Object.create(null) as Record<string, string>,
      ...(outputEscape ? { outputEscape } : {}),
    });
    for (const tag of FILE_TAGS) {
      e.registerTag(tag, {
        parse: () => {
          throw new FileTagRefused(tag);
        },
        render: () => '',
      });
    }
    // `{{ price | fixed: 2 }}` writes 12.5 as 12.50.
    e.registerFilter('fixed', (v: unknown, digits = 2) => (v === null || v === undefined || v === '' ? '' : Number(v).toFixed(Number(digits))));
    engines.set(escape, e);
  }
  return e;
}

/** The name under which secret values are visible to a template. */
const SECRETS_VAR = '__leadwire_secrets';

/**
 * `${NAME}` in a template becomes a variable read, so a secret is inserted (and escaped)
 * like any value, and secret references are recognised only in the config's text, never
 * in lead values.
 */
function withSecretVariables(source: string): string {
  return source.replace(SECRET_REF, (_, name: string) => `{{ ${SECRETS_VAR}.${name} }}`);
}

const cache = new Map<string, Template[]>();
function parsed(source: string, escape: EngineKind): Template[] {
  const key = `${escape}\u0000${source}`;
  let t = cache.get(key);
  if (!t) {
    t = engine(escape).parse(withSecretVariables(source));
    if (cache.size > 1000) cache.clear();
    cache.set(key, t);
  }
  return t;
}

/** The parser's message when a template does not parse (unknown filter, unclosed tag) or uses a file tag. */
export function checkTemplate(source: string): string | undefined {
  // Without `{` there is no output, tag or `${NAME}` reference: plain text, nothing to parse.
  if (!source.includes('{')) return undefined;
  try {
    parsed(source, 'none');
    return undefined;
  } catch (err) {
    return fileTagRefusal(err)?.message ?? `template does not parse: ${(err as Error).message.split('\n')[0]}`;
  }
}

/**
 * Renders a Liquid template. `scope` holds the lead's fields and `lead`; `secrets` gives
 * the value (or mask) of each `${NAME}` the template references.
 */
export function renderTemplate(
  source: string,
  scope: Record<string, unknown>,
  escape: TemplateEscape,
  secrets: (name: string) => string,
  where: string,
): string {
  return render(source, scope, escape, secrets, where);
}

/**
 * Renders a template as renderTemplate does, but writes {@link VALUE_PLACEHOLDER} for every
 * inserted value (lead values and secrets alike, which are never read): the text the
 * template itself contributes, to tell it apart from what the lead's values made.
 */
export function renderTemplateShape(source: string, scope: Record<string, unknown>, where: string): string {
  return render(source, scope, 'placeholder', () => '', where);
}

function render(
  source: string,
  scope: Record<string, unknown>,
  escape: EngineKind,
  secrets: (name: string) => string,
  where: string,
): string {
  const secretValues: Record<string, string> = {};
  for (const m of source.matchAll(SECRET_REF)) secretValues[m[1]!] = secrets(m[1]!);
  let templates: Template[];
  try {
    templates = parsed(source, escape);
  } catch (err) {
    const refused = fileTagRefusal(err);
    if (refused) throw new RenderError(`The template in ${where} cannot be used: ${refused.message}.`, 'TEMPLATE_INVALID');
    throw new RenderError(`The template in ${where} does not parse: ${(err as Error).message.split('\n')[0]}. Fix it and run \`leadwire validate\`.`, 'TEMPLATE_INVALID');
  }
  try {
    return engine(escape).renderSync(templates, { ...scope, [SECRETS_VAR]: secretValues }) as string;
  } catch (err) {
    throw new RenderError(`The template in ${where} failed for this lead: ${(err as Error).message.split('\n')[0]}.`, 'TEMPLATE_FAILED');
  }
}
