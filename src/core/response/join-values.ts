/** Text of one extracted value: strings as they are, other values as JSON. */
export function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * One field from a path's matches: nothing for no match, the value itself (number, object,
 * ...) for one, and for several their text joined with `, ` in document order.
 */
export function joinValues(values: readonly unknown[]): unknown {
  if (values.length === 0) return undefined;
  if (values.length === 1) return values[0];
  return values.map(valueText).join(', ');
}
