import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../../../src/config/parse-destination.js';
import { FAIL_CLOSED_DEFAULTS, sendSettings } from '../../../../src/core/delivery/fail-closed-defaults.js';

describe('fail-closed defaults', () => {
  it('a destination that lacks an option (recorded before it existed, or hand-made) gets the safer choice', () => {
    expect(sendSettings({})).toEqual({
      allowInsecureHttp: false,
      validateSsl: true,
      followRedirects: false,
      timeoutMs: 30_000,
      maxResponseBytes: 10 * 1024 * 1024,
      keepBodyBytes: 64 * 1024,
    });
  });

  it('a value of the wrong type is not taken for the permissive one', () => {
    const handMade = { allow_insecure_http: 'yes', validate_ssl: 0, follow_redirects: 1, timeout: -5, response_max_bytes: Infinity } as never;
    expect(sendSettings(handMade)).toMatchObject({ allowInsecureHttp: false, validateSsl: true, followRedirects: false, timeoutMs: 30_000, maxResponseBytes: 10 * 1024 * 1024 });
  });

  it('what the destination sets is kept', () => {
    expect(sendSettings({ allow_insecure_http: true, validate_ssl: false, follow_redirects: true, timeout: 5000, response_max_bytes: 1024, response_body_limit: 0 })).toEqual({
      allowInsecureHttp: true,
      validateSsl: false,
      followRedirects: true,
      timeoutMs: 5000,
      maxResponseBytes: 1024,
      keepBodyBytes: 0,
    });
  });

  it('validation fills in the same defaults the sender applies', () => {
    const parsed = parseDestination({ name: 'Defaults', url: 'https://crm.example/leads' });
    for (const [option, value] of Object.entries(FAIL_CLOSED_DEFAULTS)) expect({ option, value: parsed[option as keyof typeof parsed] }).toEqual({ option, value });
  });
});
