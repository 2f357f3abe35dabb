import { FAIL_CLOSED_DEFAULTS, failClosedSettings } from '../../contract/defaults.js';

export { FAIL_CLOSED_DEFAULTS };

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

/**
 * A plan's send settings, with the fail-closed default (src/contract/defaults.ts) for every
 * option it lacks or holds with the wrong type: the sender's own guard, for a plan sent to
 * Temporal by hand that never went through validation or an upgrade.
 */
export function sendSettings(plan: Partial<Record<keyof typeof FAIL_CLOSED_DEFAULTS, unknown>>): SendSettings {
  const s = failClosedSettings(plan);
  return {
    allowInsecureHttp: s.allow_insecure_http,
    validateSsl: s.validate_ssl,
    followRedirects: s.follow_redirects,
    timeoutMs: s.timeout,
    maxResponseBytes: s.response_max_bytes,
    keepBodyBytes: s.response_body_limit,
  };
}
