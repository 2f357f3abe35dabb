/**
 * A path segment the URL parser removes or resolves: only dots, where `%2e` counts as a dot
 * (WHATWG URL, section "path state": `.`, `..`, `%2e`, `.%2e`, ... are dot segments, and got
 * and browsers parse URLs that way). Longer runs such as `...` are not dot segments there, but
 * some servers trim trailing dots from path names, so they are treated the same.
 */
const DOTS_ONLY = /^(?:\.|%2e)+$/i;

/** The path segments of a URL written as text: after scheme and authority, before `?` or `#`; `\` splits like `/` (as the URL parser reads http(s)). */
function pathSegments(url: string): string[] {
  const afterAuthority = url.replace(/^[a-z][a-z0-9+.-]*:[/\\]{2}[^/\\?#]*/i, '');
  const path = afterAuthority.split(/[?#]/, 1)[0] ?? '';
  return path.split(/[/\\]/).slice(1);
}

/**
 * The first path segment of `url` that is only dots because of an inserted value, or undefined.
 * `shape` is the same template rendered with a placeholder for every inserted value: escaped
 * values cannot add `/`, `?` or `#`, so both have the same segments, and a dots-only segment
 * that differs from its shape was made (at least partly) by a value. Dot segments the template
 * writes itself are the author's and are left alone.
 */
export function valueDotSegment(url: string, shape: string): string | undefined {
  const real = pathSegments(url);
  const written = pathSegments(shape);
  // Segments line up unless the template branched on an escaped value; then trust no dots at all.
  const aligned = real.length === written.length;
  return real.find((segment, i) => DOTS_ONLY.test(segment) && (!aligned || written[i] !== segment));
}
