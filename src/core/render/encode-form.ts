/** How nested objects and arrays become field names (see the form rows of docs/configuration.md's body table). */
export interface FormEncoding {
  nesting: 'brackets' | 'dots';
  arrays: 'repeat' | 'brackets' | 'indices' | 'comma';
}

/** A scalar as form text: numbers exactly as JavaScript writes them, null as empty. */
export function formScalar(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** Flattens a mapped object into ordered name/value pairs. */
export function formPairs(value: Record<string, unknown>, encoding: FormEncoding): [string, string][] {
  const pairs: [string, string][] = [];
  const child = (prefix: string, key: string) => (encoding.nesting === 'dots' ? `${prefix}.${key}` : `${prefix}[${key}]`);
  const visit = (name: string, v: unknown): void => {
    if (Array.isArray(v)) {
      if (encoding.arrays === 'comma' && v.every((x) => x === null || typeof x !== 'object')) {
        pairs.push([name, v.map(formScalar).join(',')]);
        return;
      }
      v.forEach((item, i) => {
        const itemName = encoding.arrays === 'repeat' ? name : encoding.arrays === 'brackets' ? `${name}[]` : `${name}[${i}]`;
        // Objects inside arrays need an index to stay grouped.
        visit(item !== null && typeof item === 'object' && !Array.isArray(item) && encoding.arrays !== 'indices' ? `${name}[${i}]` : itemName, item);
      });
      return;
    }
    if (v !== null && typeof v === 'object') {
      for (const [k, sub] of Object.entries(v)) visit(child(name, k), sub);
      return;
    }
    pairs.push([name, formScalar(v)]);
  };
  for (const [k, v] of Object.entries(value)) visit(k, v);
  return pairs;
}

/**
 * `application/x-www-form-urlencoded` as the WHATWG URL standard serialises it
 * (URLSearchParams): `@` becomes `%40`, a space `+`.
 */
export function encodeForm(value: Record<string, unknown>, encoding: FormEncoding): string {
  return new URLSearchParams(formPairs(value, encoding)).toString();
}
