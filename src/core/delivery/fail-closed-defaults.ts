import type { Destination } from '../../config/destination-schema.js';

/**
 * The defaults of a destination's security-relevant options, in one place. Validation fills
 * them in (the schema takes its defaults from here), and the sender applies the same ones to a
 * destination that reaches it without them: one recorded in a history before the option
 * existed, or one sent to Temporal by hand (a workflow input, `temporal workflow update`, the
 * Web UI) that never went through validation. Each fails closed: an option that is absent
 * means the safer choice, never the more permissive one.
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

/** What the sender needs of a destination's security-relevant options, every one decided. */
export interface SendSettings {
  allowInsecureHttp: boolean;
  validateSsl: boolean;
  followRedirects: boolean;
  /** Milliseconds. */
  timeoutMs: number;
  /** Bytes. */
  maxResponseBytes: number;
  /** Bytes. */
  keepBodyBytes: number;
}

type SettingsSource = Partial<Pick<Destination, keyof typeof FAIL_CLOSED_DEFAULTS>>;

/**
 * A destination's send settings, with the fail-closed default for every option it lacks. Only a
 * value of the type the schema allows counts: `allow_insecure_http: "yes"` in a hand-made input
 * is not `true`, so plain HTTP stays refused.
 */
export function sendSettings(destination: SettingsSource): SendSettings {
  const d = FAIL_CLOSED_DEFAULTS;
  const flag = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);
  const count = (value: unknown, min: number, fallback: number) => (typeof value === 'number' && Number.isInteger(value) && value >= min ? value : fallback);
  return {
    allowInsecureHttp: flag(destination.allow_insecure_http, d.allow_insecure_http),
    validateSsl: flag(destination.validate_ssl, d.validate_ssl),
    followRedirects: flag(destination.follow_redirects, d.follow_redirects),
    timeoutMs: count(destination.timeout, 1, d.timeout),
    maxResponseBytes: count(destination.response_max_bytes, 1, d.response_max_bytes),
    keepBodyBytes: count(destination.response_body_limit, 0, d.response_body_limit),
  };
}
