/**
 * What an option means when a stored message leaves it out. Validation fills every default in
 * at the edge (the config schema takes its defaults from here); these apply to a message that
 * never went through validation: one recorded by an earlier release before the option existed
 * (the upgrade functions read it with them), or one sent to Temporal by hand. Each fails closed:
 * an option that is absent means the safer choice, never the more permissive one.
 */
export const FAIL_CLOSED_DEFAULTS = {
  /** Plain `http://` is refused (URL, endpoints, routes, OAuth2 token_url, redirect hops). */
  allow_insecure_http: false,
  /** Certificates are checked. */
  validate_ssl: true,
  /** A 3xx is judged as it is, not followed. */
  follow_redirects: false,
  /** Whole-request timeout, in milliseconds: a request never waits forever. */
  timeout: 30_000,
  /** Largest response read, in bytes, decompressed. */
  response_max_bytes: 10 * 1024 * 1024,
  /** Largest response body judged and kept in the record, in bytes. */
  response_body_limit: 64 * 1024,
} as const;

/** The security-relevant options of a request, every one decided. */
export type FailClosedSettings = { -readonly [K in keyof typeof FAIL_CLOSED_DEFAULTS]: (typeof FAIL_CLOSED_DEFAULTS)[K] extends boolean ? boolean : number };

/**
 * The security-relevant options of a stored request, with the fail-closed default for every one
 * it lacks. Only a value of the type the schema allows counts: `allow_insecure_http: "yes"` in a
 * hand-made input is not `true`, so plain HTTP stays refused.
 */
export function failClosedSettings(source: Partial<Record<keyof typeof FAIL_CLOSED_DEFAULTS, unknown>>): FailClosedSettings {
  const d = FAIL_CLOSED_DEFAULTS;
  const flag = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);
  const count = (value: unknown, min: number, fallback: number) => (typeof value === 'number' && Number.isInteger(value) && value >= min ? value : fallback);
  return {
    allow_insecure_http: flag(source.allow_insecure_http, d.allow_insecure_http),
    validate_ssl: flag(source.validate_ssl, d.validate_ssl),
    follow_redirects: flag(source.follow_redirects, d.follow_redirects),
    timeout: count(source.timeout, 1, d.timeout),
    response_max_bytes: count(source.response_max_bytes, 1, d.response_max_bytes),
    response_body_limit: count(source.response_body_limit, 0, d.response_body_limit),
  };
}

/** How long a stuck delivery waits for an operator when its destination does not say: 7 days, in milliseconds. */
export const DEFAULT_PARK_WINDOW_MS = 7 * 24 * 3600 * 1000;

/** The retry options a destination without `retry` gets. */
export const DEFAULT_RETRY = { max_attempts: 3, jitter: 0, respect_retry_after: true, max_retry_after: 3_600_000 } as const;

/** The wait between attempts when no `delay`, `delays` or `backoff` is given, in milliseconds. */
export const DEFAULT_RETRY_DELAY_MS = 1000;

/** A flow's ping_post defaults, in milliseconds: each buyer's bid window (from its ping's send), how long a bid holds. */
export const DEFAULT_PING_TIMEOUT_MS = 5_000;
export const DEFAULT_BID_TTL_MS = 60_000;

/**
 * How long an auction waits for its pings when the flow sets no `auction_timeout`, in
 * milliseconds: two bid windows and 30 s. Each buyer has `ping_timeout` from its ping's own send;
 * the rest covers a worker lost while it held a ping: its workflow task is retried only after
 * the task timeout (10 s), or its send only after the send activity's timeout (the request's
 * timeout and 15 s), and the retry gets a whole window of its own. An auction whose pings all
 * answer still closes at the last answer. The edge decides it for every flow; the upgrade
 * functions for a flow plan stored before the option existed.
 */
export const defaultAuctionTimeoutMs = (pingTimeoutMs: number): number => 2 * pingTimeoutMs + 30_000;
