import * as xpath from 'xpath';
import { splitPath } from '../paths/get-path.js';
import type { ParsedBody } from './parse-body.js';
import { compileRegex, parseRegexLiteral, splitCssPath, type ResponsePath } from './path-syntax.js';

/**
 * Every value `path` finds in the body, in document order. A string path is read in the
 * syntax of the body's format; a `/regex/` string and `{ regex }` search the raw text of any body.
 * Never throws: a path that does not apply finds nothing.
 */
export function selectValues(body: ParsedBody, path: ResponsePath): unknown[] {
  try {
    const regex = regexOf(body, path);
    if (regex) return selectRegex(body.text, regex);
    if (typeof path !== 'string') {
      if ('json' in path) return body.json !== undefined ? selectDotPath(body.json, path.json) : body.form ? selectDotPath(body.form, path.json) : [];
      if ('xpath' in path) return body.xml ? selectXPath(body.xml, path.xpath) : [];
      if ('css' in path) return body.html ? selectCss(body, path.css) : [];
      return [];
    }
    if (body.format === 'xml') return selectXPath(body.xml!, path);
    if (body.format === 'json') return selectDotPath(body.json, path);
    if (body.format === 'form') return Object.hasOwn(body.form!, path) ? [body.form![path]] : selectDotPath(body.form, path);
    if (body.format === 'html') return selectCss(body, path);
    return [];
  } catch {
    return [];
  }
}

/**
 * The values of each named group of a regex path (`/id: (?<lead_id>\d+)/`), in document
 * order, by group name; empty when the path is not read as a regex or has no named groups.
 * A group that took no part in a match adds nothing.
 */
export function selectNamedGroups(body: ParsedBody, path: ResponsePath): Map<string, unknown[]> {
  const groups = new Map<string, unknown[]>();
  try {
    const regex = regexOf(body, path);
    if (!regex) return groups;
    for (const m of matches(body.text, regex)) {
      for (const [name, value] of Object.entries(m.groups ?? {})) {
        if (!groups.has(name)) groups.set(name, []);
        if (value !== undefined) groups.get(name)!.push(value);
      }
    }
  } catch {
    // Like selectValues: a path that does not apply finds nothing.
  }
  return groups;
}

/** The regex a path is read as for this body, if it is one: `{ regex }`, or a `/regex/` string (except in XML, where a string is XPath). */
function regexOf(body: ParsedBody, path: ResponsePath): RegExp | undefined {
  if (typeof path !== 'string') return 'regex' in path ? compileRegex(path.regex) : undefined;
  return body.format === 'xml' ? undefined : safeRegexLiteral(path);
}

function safeRegexLiteral(path: string): RegExp | undefined {
  try {
    return parseRegexLiteral(path);
  } catch {
    return undefined;
  }
}

/** Dot path with `[n]` indexes and `*` (or `[*]`) wildcards over arrays and objects. */
export function selectDotPath(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const part of splitPath(path.replace(/\[\*\]/g, '.*'))) {
    const next: unknown[] = [];
    for (const node of current) {
      if (node === null || typeof node !== 'object') continue;
      if (part === '*') {
        next.push(...(Array.isArray(node) ? node : Object.values(node)));
        continue;
      }
      const key = typeof part === 'number' ? part : Array.isArray(node) && /^\d+$/.test(part) ? Number(part) : part;
      if (Object.prototype.hasOwnProperty.call(node, key)) next.push((node as Record<string | number, unknown>)[key]);
    }
    current = next;
  }
  return current.filter((v) => v !== undefined);
}

function selectXPath(doc: Document, expr: string): unknown[] {
  const result = xpath.select(expr, doc as never);
  if (!Array.isArray(result)) return [result];
  return result.map((node) => {
    const n = node as unknown as { nodeType: number; textContent?: string | null; nodeValue?: string | null; value?: string };
    if (n.nodeType === 2) return n.value ?? n.nodeValue ?? '';
    return (n.textContent ?? n.nodeValue ?? '').trim();
  });
}

function selectCss(body: ParsedBody, path: string): unknown[] {
  const $ = body.html!;
  const { selector, attr } = splitCssPath(path);
  const out: unknown[] = [];
  $(selector).each((_, el) => {
    const value = attr ? $(el).attr(attr) : $(el).text().trim();
    if (value !== undefined) out.push(value);
  });
  return out;
}

function selectRegex(text: string, regex: RegExp): unknown[] {
  return matches(text, regex).map((m) => m[1] ?? m[0]);
}

/** Every match of the regex in the text, at most 100. */
function matches(text: string, regex: RegExp): RegExpMatchArray[] {
  const global = new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`);
  const out: RegExpMatchArray[] = [];
  for (const m of text.matchAll(global)) {
    out.push(m);
    if (out.length >= 100) break;
  }
  return out;
}
