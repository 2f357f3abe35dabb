/**
 * How the receiver answers one request, read from its path and query string, the way
 * httpstat.us and postman-echo are driven:
 * - `/status/503`          answer that status
 * - `?sleep=5000`          wait that many milliseconds first
 * - `?fail=2&fail_status=503`  fail the first 2 requests of each Idempotency-Key, then succeed
 * - `/echo`                answer the request itself as JSON
 */
export interface Behaviour {
  status: number;
  sleepMs: number;
  failTimes: number;
  failStatus: number;
  echo: boolean;
}

export function readBehaviour(url: URL): Behaviour {
  const statusMatch = /\/status\/(\d{3})(?:\/|$)/.exec(url.pathname);
  const num = (name: string, fallback: number) => {
    const v = Number(url.searchParams.get(name));
    return Number.isFinite(v) && url.searchParams.has(name) ? v : fallback;
  };
  return {
    status: statusMatch ? Number(statusMatch[1]) : num('status', 200),
    sleepMs: Math.min(num('sleep', 0), 120_000),
    failTimes: num('fail', 0),
    failStatus: num('fail_status', 503),
    echo: /\/echo(?:\/|$)/.test(url.pathname),
  };
}
