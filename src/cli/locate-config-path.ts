import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
}

/** `retry.delays[2]` / `headers["X-Key"]` -> `['retry', 'delays', 2]` / `['headers', 'X-Key']`. */
export function splitIssuePath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(Number(m[2]));
    else parts.push(JSON.parse(m[3]!) as string);
  }
  return parts;
}

/**
 * Where a config path is in YAML (or JSON) source text: the value's position (or the key's,
 * with `at: 'key'`, for an unknown key), or the nearest enclosing node that exists for a missing one.
 */
export function locateConfigPath(text: string, path: string, at: 'value' | 'key' = 'value'): SourcePosition | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  let node: unknown = doc.contents;
  let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
  const parts = splitIssuePath(path);
  for (const [i, part] of parts.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? p.key.value : p.key) === part);
      if (!pair) break;
      // An unknown key is best shown at the key; a bad value at the value.
      const value = pair.value as Node | null;
      offset = value?.range?.[0] ?? (pair.key as Node | null)?.range?.[0] ?? offset;
      node = value;
      const last = i === parts.length - 1;
      if (!value || (isScalar(value) && value.value === null) || (last && at === 'key')) offset = (pair.key as Node).range?.[0] ?? offset;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, col };
}
