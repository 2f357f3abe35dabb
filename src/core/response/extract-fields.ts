import type { ParsedBody } from './parse-body.js';
import type { ResponsePath } from './path-syntax.js';
import { joinValues, valueText } from './join-values.js';
import { selectNamedGroups, selectValues } from './select-values.js';

/** The value one path finds (several matches joined, see joinValues); undefined when none. */
export function extractValue(body: ParsedBody, path: ResponsePath | undefined): unknown {
  return path === undefined ? undefined : joinValues(selectValues(body, path));
}

/**
 * Reads each named path from a parsed body; fields not found are left out. A regex path's
 * named groups (`/id: (?<lead_id>\d+), status: (?<status>\w+)/`) fill a field named after
 * each group. The key the path is written under holds the group of its own name if there is
 * one, else what the path finds (group 1, or the whole match); a group never replaces another
 * key of the parser.
 */
export function extractFields(body: ParsedBody, parser: Record<string, ResponsePath> | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (!parser) return fields;
  const own: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(parser)) {
    const groups = selectNamedGroups(body, path);
    own[name] = groups.has(name) ? joinValues(groups.get(name)!) : extractValue(body, path);
    for (const [group, values] of groups) {
      const value = joinValues(values);
      if (value !== undefined && !Object.hasOwn(parser, group)) fields[group] = value;
    }
  }
  for (const [name, value] of Object.entries(own)) if (value !== undefined) fields[name] = value;
  return fields;
}

/** A found value as text, or undefined (empty text counts as not found). */
export function extractText(body: ParsedBody, path: ResponsePath | undefined): string | undefined {
  const value = extractValue(body, path);
  if (value === undefined || value === null) return undefined;
  const text = valueText(value).trim();
  return text === '' ? undefined : text;
}

/** A price as a number: `12.5`, `"$12.50"`, `"1,200.00"`; undefined when it is not one. */
export function toPrice(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const cleaned = value.replace(/[\s,$€£]/g, '');
  if (!/^-?\d+(?:\.\d+)?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}
