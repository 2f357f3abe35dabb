import { valueText } from './join-values.js';

type Scalar = string | number | boolean | null;

/**
 * Whether any found value equals the expected one (or one of them). Compared as text, so
 * `true` matches both JSON `true` and XML `<created>true</created>`; `null` matches JSON null only.
 */
export function matchesExpected(found: readonly unknown[], expected: Scalar | Scalar[]): boolean {
  const wanted = Array.isArray(expected) ? expected : [expected];
  return found.some((value) =>
    wanted.some((w) => (w === null ? value === null : value !== null && value !== undefined && valueText(value) === String(w))),
  );
}
