/**
 * An egress proxy, so buyers can allow-list a stable set of source addresses (the guide's
 * "IP Whitelisting"): the proxy's. Read from the usual variables once, at the edge.
 */
export interface ProxySettings {
  /** Proxy for http:// destinations, e.g. http://egress.internal:3128. */
  http?: string;
  /** Proxy for https:// destinations (tunnelled with CONNECT). */
  https?: string;
  /** Hosts reached directly: exact names, `.suffix` / `*.suffix` domains, or `*` for all. */
  noProxy: string[];
}

/** `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (either case), as curl and most tools read them. */
export function proxyFromEnv(env: Record<string, string | undefined> = process.env): ProxySettings | undefined {
  const pick = (name: string) => env[name] ?? env[name.toLowerCase()];
  const https = pick('HTTPS_PROXY') || undefined;
  const http = pick('HTTP_PROXY') || undefined;
  if (!https && !http) return undefined;
  const noProxy = (pick('NO_PROXY') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return { ...(http ? { http } : {}), ...(https ? { https } : {}), noProxy };
}

/** The proxy a request to `url` goes through, or undefined to connect directly. */
export function proxyFor(settings: ProxySettings | undefined, url: URL): string | undefined {
  if (!settings) return undefined;
  const proxy = url.protocol === 'https:' ? settings.https : settings.http;
  if (!proxy) return undefined;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  for (const entry of settings.noProxy) {
    if (entry === '*') return undefined;
    const bare = entry.replace(/^\*?\./, '').replace(/:\d+$/, '');
    if (host === bare || host.endsWith(`.${bare}`)) return undefined;
  }
  return proxy;
}
