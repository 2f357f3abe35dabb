import { isMap, isScalar, isSeq, type Document } from 'yaml';
import type { Destination } from './destination-schema.js';

/** A number or boolean in a YAML file whose text is not what `String(value)` gives back (`0123`, `1.50`, `True`). */
interface WrittenScalar {
  /** Where it is, as in the parsed object (`['auth', 'password']`). */
  path: (string | number)[];
  /** The text as the file wrote it. */
  text: string;
  value: number | boolean;
}

/** A number with a leading zero (`01234`, `-007`): YAML 1.2 reads 1234, and the zero is gone. */
const LEADING_ZERO = /^[-+]?0\d/;

/** Every plain number or boolean in the document whose written text `String()` would not give back. */
export function writtenScalars(doc: Document): WrittenScalar[] {
  const out: WrittenScalar[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isScalar(node)) {
      const { value, source } = node;
      if ((typeof value === 'number' || typeof value === 'boolean') && typeof source === 'string' && source !== String(value)) out.push({ path, text: source, value });
    } else if (isMap(node)) {
      // Keys as toJS writes them; a key that is not a scalar (rare, complex YAML) is left alone.
      for (const pair of node.items) if (isScalar(pair.key)) walk(pair.value, [...path, String(pair.key.value)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(doc.contents, []);
  return out;
}

/** Where a written number is a constant that means its text, and how to write that constant. */
type ConstantKind = (path: (string | number)[], parsed: unknown) => 'text' | 'mapping' | undefined;

/**
 * Puts back the text the file wrote, in the validated object:
 * - where a text field took a number or boolean (`password: 0123` -> "0123", not "123");
 * - where a constant was written with a leading zero (`zip: { $value: 01234 }` -> "01234"),
 *   as `constantKind` says: a plain text value, or a mapping value (`{ $value: text }`).
 * Numbers elsewhere (timeouts, status codes) stay numbers.
 */
export function keepWrittenText<T>(parsed: T, scalars: readonly WrittenScalar[], constantKind?: ConstantKind): T {
  for (const { path, text, value } of scalars) {
    const parent = at(parsed, path.slice(0, -1));
    if (parent === null || typeof parent !== 'object') continue;
    const key = path.at(-1)!;
    const container = parent as Record<string | number, unknown>;
    const current = container[key];
    if (typeof current === 'string' && current === String(value)) {
      container[key] = text;
    } else if (current === value && typeof value === 'number' && LEADING_ZERO.test(text)) {
      const kind = constantKind?.(path, parsed);
      if (kind === 'text') container[key] = text;
      else if (kind === 'mapping') container[key] = { $value: text };
    }
  }
  return parsed;
}

function at(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/**
 * The constants of a destination: mapping values (`body.mapping`, `query.mapping`, csv and
 * delimited `fields`, fixed_width `fields[].value`) and expected values (`success_check.value`,
 * `success_when.body`). Inside `$value` or `$default` a constant is plain text; elsewhere in a
 * mapping a bare number is a mapping constant, so it becomes `{ $value: text }`.
 */
export const destinationConstantKind: ConstantKind = (path, parsed) => {
  const [top, second, third] = path;
  if (top === 'success_check' && second === 'value') return 'text';
  if (top === 'success_when' && second === 'body' && path.length >= 3) return 'text';
  let start: number | undefined;
  if ((top === 'body' || top === 'query') && second === 'mapping') start = 2;
  if (top === 'body' && second === 'fields' && typeof third === 'number') {
    const fixedWidth = (parsed as Destination).body?.format === 'fixed_width';
    if (!fixedWidth) start = 3;
    else if (path[3] === 'value') start = 4;
  }
  if (start === undefined || path.length < start) return undefined;
  return path.slice(start).some((p) => p === '$value' || p === '$default') ? 'text' : 'mapping';
};
