import { createRequire } from 'node:module';
import type * as Cheerio from 'cheerio/slim';
import type isSafeRegexFn from 'safe-regex2';
import type * as XPath from 'xpath';
import { LeadwireError } from '../errors/leadwire-error.js';

// The checkers are loaded on first use: a destination without regexes, XPath or CSS paths (and
// every CLI command that checks none) starts without them. For CSS, cheerio's slim build: the
// same selector engine, without the parse5 and undici that checking a selector does not need.
const require = createRequire(import.meta.url);
const isSafeRegex = (re: RegExp): boolean => (require('safe-regex2') as typeof isSafeRegexFn)(re);

/**
 * The four path syntaxes of response parsing, one per body format:
 * - dot paths for JSON and form bodies: `lead.id`, `items[0].id`, `items.*.id`;
 * - XPath for XML: `//status`, `/response/lead/@id`, `//message/text()`;
 * - CSS selectors for HTML, with an optional `@attr` suffix: `span.lead-id`, `a.next@href`;
 * - regular-expression literals for plain text: `/lead id: (\d+)/i` (capture group 1, or the whole match).
 */
export type PathKind = 'json' | 'xpath' | 'css' | 'regex';

/** An explicit path (`{ xpath: '//status' }`) or a string read according to the body's format. */
export type ResponsePath = string | { json: string } | { xpath: string } | { css: string } | { regex: string };

const DOT_PATH = /^(?:[^.[\]\s]+|\*)(?:\[(?:\d+|\*)\])*(?:\.(?:[^.[\]\s]+|\*)(?:\[(?:\d+|\*)\])*)*$/;

/** Whether `path` is a dot path (names, `[n]` indexes, `*` wildcards). */
function isDotPath(path: string): boolean {
  return DOT_PATH.test(path);
}

/** `/pattern/flags` -> a RegExp; undefined when the text is not a regex literal. Throws when it is one that does not compile or is unsafe. */
export function parseRegexLiteral(text: string): RegExp | undefined {
  const m = /^\/(.+)\/([dgimsuy]*)$/s.exec(text);
  if (!m) return undefined;
  return safeRegex(new RegExp(m[1]!, m[2]!.replace('g', '')));
}

/** A regex given as `/pattern/flags` or as a bare pattern (`{ regex: 'id=(\d+)' }`). Throws when it does not compile or is unsafe. */
export function compileRegex(text: string): RegExp {
  return parseRegexLiteral(text) ?? safeRegex(new RegExp(text));
}

const checked = new Map<string, boolean>();

/**
 * Refuses a pattern that can backtrack exponentially (a quantified group inside another
 * quantifier, such as `(a+)+`): run against a hostile response body, it would hold the worker
 * for minutes. Checked with safe-regex2 (star height), once per pattern.
 */
function safeRegex(re: RegExp): RegExp {
  let ok = checked.get(re.source);
  if (ok === undefined) {
    ok = isSafeRegex(re);
    if (checked.size < 1000) checked.set(re.source, ok);
  }
  if (!ok) throw new LeadwireError('RESPONSE_PATH_INVALID', 'the pattern can backtrack exponentially (a quantified group inside another quantifier, such as (a+)+); rewrite it without nested quantifiers');
  return re;
}

/** Throws when `expr` is not valid XPath 1.0. */
function checkXPath(expr: string): void {
  // `parse` exists at runtime (xpath 0.0.34) but is missing from its type declarations.
  (require('xpath') as typeof XPath & { parse(expression: string): unknown }).parse(expr);
}

/** Splits `a.next@href` into the selector and the attribute to read. */
export function splitCssPath(path: string): { selector: string; attr?: string } {
  const m = /^(.*\S)\s*@([A-Za-z_:][\w:.-]*)$/s.exec(path);
  if (m && !/\[[^\]]*$/.test(m[1]!)) return { selector: m[1]!, attr: m[2]! };
  return { selector: path };
}

let probe: Cheerio.CheerioAPI | undefined;
/** Throws when `path` (selector plus optional `@attr`) is not a valid CSS selector. */
function checkCss(path: string): void {
  const { selector } = splitCssPath(path);
  if (!selector.trim()) throw new LeadwireError('RESPONSE_PATH_INVALID', 'empty selector: give a CSS selector such as `.status` or `a.next@href`');
  probe ??= (require('cheerio/slim') as typeof Cheerio).load('');
  probe(selector);
}

/** Why `expr` is not valid as `kind`, or undefined when it is. */
export function pathProblem(kind: PathKind, expr: string): string | undefined {
  try {
    if (kind === 'json') return isDotPath(expr) ? undefined : 'expected a dot path such as `lead.id`, `items[0].id` or `items.*.id`';
    if (kind === 'xpath') checkXPath(expr);
    if (kind === 'css') checkCss(expr);
    if (kind === 'regex') compileRegex(expr);
    return undefined;
  } catch (err) {
    const what: Record<PathKind, string> = { json: 'dot path', xpath: 'XPath expression', css: 'CSS selector', regex: 'regular expression' };
    return `invalid ${what[kind]}: ${(err as Error).message.split('\n')[0]}`;
  }
}

/**
 * A string path is read according to the body's format, so it must be valid in at least one
 * syntax. A string that looks like a regex literal must compile as one (or be XPath).
 */
export function stringPathProblem(path: string): string | undefined {
  if (!path.trim()) return 'expected a path such as `lead.id`, `//status`, `span.id` or `/id=(\\d+)/`';
  let regexError: string | undefined;
  try {
    if (parseRegexLiteral(path)) return undefined;
  } catch (err) {
    regexError = (err as Error).message;
  }
  // Written as `/pattern/flags`, it is meant as a regex: its problem is the one to report.
  if (regexError !== undefined && pathProblem('xpath', path) !== undefined) return `invalid regular expression: ${regexError}`;
  if (isDotPath(path)) return undefined;
  if (pathProblem('xpath', path) === undefined) return undefined;
  if (regexError === undefined && pathProblem('css', path) === undefined) return undefined;
  if (regexError !== undefined) return `invalid regular expression: ${regexError}`;
  return `not a valid dot path, XPath expression, CSS selector or /regex/ (${pathProblem(path.startsWith('/') ? 'xpath' : 'css', path)})`;
}
