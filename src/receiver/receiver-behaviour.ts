/**
 * How the receiver answers one request, read from its path and query string, the way
 * httpstat.us and postman-echo are driven:
 * - `/status/503`          answer that status
 * - `?sleep=5000`          wait that many milliseconds first
 * - `?fail=2&fail_status=503`  fail the first 2 requests of each Idempotency-Key, then succeed
 * - `/echo`                answer the request itself as JSON
 * - `?body=<text>&content_type=application/xml`  answer this body with this Content-Type
 *   (`fail_body` / `fail_content_type` for the failing answers of `fail`)
 * - `?retry_after=120`     add a `Retry-After` header (seconds or an HTTP date) to non-2xx answers
 * - `?size=52428800`       answer that many bytes of JSON-looking padding (huge bodies)
 * - `/redirect?to=/leads`  answer 302 (or `status`) with that Location
 */
export interface Behaviour {
  status: number;
  sleepMs: number;
  failTimes: number;
  failStatus: number;
  echo: boolean;
  body?: string;
  contentType?: string;
  failBody?: string;
  failContentType?: string;
  retryAfter?: string;
  sizeBytes?: number;
  redirectTo?: string;
}

export function readBehaviour(url: URL): Behaviour {
  const statusMatch = /\/status\/(\d{3})(?:\/|$)/.exec(url.pathname);
  const num = (name: string, fallback: number) => {
    const v = Number(url.searchParams.get(name));
    return Number.isFinite(v) && url.searchParams.has(name) ? v : fallback;
  };
  const str = (name: string) => url.searchParams.get(name) ?? undefined;
  const redirect = /\/redirect(?:\/|$)/.test(url.pathname);
  const optional = {
    body: str('body'),
    contentType: str('content_type'),
    failBody: str('fail_body'),
    failContentType: str('fail_content_type'),
    retryAfter: str('retry_after'),
    sizeBytes: url.searchParams.has('size') ? Math.min(num('size', 0), 200 * 1024 * 1024) : undefined,
    redirectTo: redirect ? (str('to') ?? '/leads') : undefined,
  };
  return {
    status: statusMatch ? Number(statusMatch[1]) : num('status', redirect ? 302 : 200),
    sleepMs: Math.min(num('sleep', 0), 120_000),
    failTimes: num('fail', 0),
    failStatus: num('fail_status', 503),
    echo: /\/echo(?:\/|$)/.test(url.pathname),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}
