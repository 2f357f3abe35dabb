/** JSONata's `$boolean` rules: false, 0, "", null, an empty array and nothing at all are false. */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.some(isTruthy);
  return true;
}
