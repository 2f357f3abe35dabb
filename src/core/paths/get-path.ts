/** Splits `a.b[0].c` into `['a', 'b', 0, 'c']`. */
export function splitPath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const segment of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(segment);
    if (!m) {
      parts.push(segment);
      continue;
    }
    if (m[1]) parts.push(m[1]);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) parts.push(Number(idx[1]));
  }
  return parts;
}

/**
 * Reads a value at a dot path. Numeric segments index arrays (`items.0` and `items[0]` both work).
 * Returns `undefined` when any step is missing. Only own properties are read, so
 * `__proto__` or `constructor` never reach the prototype.
 */
export function getPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const part of splitPath(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = typeof part === 'number' ? part : Array.isArray(current) && /^\d+$/.test(part) ? Number(part) : part;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
