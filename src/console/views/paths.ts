/**
 * The console's own links, built from its mount point and encoded path segments only: a value
 * from a lead (`javascript:...`, `//evil`) becomes a harmless segment of a console path.
 */
export interface Paths {
  base: string;
  page(name: 'deliveries' | 'distributions' | 'partners' | 'reports' | 'sign-in' | 'sign-out'): string;
  delivery(id: string, sub?: 'live' | 'retry' | 'retry-with-destination' | 'give-up' | 'cancel'): string;
  distribution(id: string): string;
  asset(name: string): string;
  /** A list page with its filters (empty values left out). */
  withQuery(path: string, query: Record<string, string | undefined>): string;
}

export function consolePaths(base: string): Paths {
  const b = base.replace(/\/+$/, '');
  return {
    base: b,
    page: (name) => `${b}/${name}`,
    delivery: (id, sub) => `${b}/deliveries/${encodeURIComponent(id)}${sub ? `/${sub}` : ''}`,
    distribution: (id) => `${b}/distributions/${encodeURIComponent(id)}`,
    asset: (name) => `${b}/assets/${encodeURIComponent(name)}`,
    withQuery(path, query) {
      const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])));
      const text = params.toString();
      return text ? `${path}?${text}` : path;
    },
  };
}
