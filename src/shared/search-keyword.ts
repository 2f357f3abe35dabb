/** Most characters of a Keyword search attribute the SQL visibility stores keep (`VARCHAR(255)`). */
const KEYWORD_MAX_CHARS = 255;

/**
 * A value for a Keyword search attribute, cut at {@link KEYWORD_MAX_CHARS} characters (never inside
 * one): a longer value would fail the visibility write on PostgreSQL, MySQL or SQLite and leave the
 * workflow missing from every list. Deterministic, so workflows may use it.
 */
export function searchKeyword(value: string): string {
  if (value.length <= KEYWORD_MAX_CHARS) return value;
  const points = Array.from(value);
  return points.length <= KEYWORD_MAX_CHARS ? value : points.slice(0, KEYWORD_MAX_CHARS).join('');
}
