import { describe, expect, it } from 'vitest';
import { currentDetails, type Subject } from '../../../../src/core/explain/current-details.js';
import type { ErrorCode } from '../../../../src/core/errors/error-codes.js';

const lead: Subject = { kind: 'lead', id: 'acme-crm--lead-42', destination: 'Acme CRM' };
const last503 = { status: 503, errorCode: 'HTTP_503' as const, reason: 'The destination answered HTTP 503: Service Unavailable.' };

describe('current details (the Web UI\'s "Current details")', () => {
  it('says a parked delivery\'s problem, since when, until when, and both ways to act', () => {
    const words = currentDetails(lead, { state: 'parked', since: '2026-11-30T10:02:00.000Z', until: '2026-12-07T10:02:00.000Z', attempts: 5, last: last503, exhausted: true });
    expect(words).toBe(
      [
        'Parked since 10:02 UTC: HTTP 503 after 5 attempts (last: The destination answered HTTP 503: Service Unavailable). ' +
          'Waiting for an operator until 2026-12-07 10:02 UTC; if nobody acts, it ends as not delivered.',
        '',
        '- Retry: update or signal `retry` with `{}` (or `{"destination": {...}}`, a whole corrected destination), or `leadwire retry acme-crm--lead-42`',
        '- Give up: update or signal `giveUp` with `{"reason": "..."}`, or `leadwire abandon acme-crm--lead-42 --reason "..."`',
      ].join('\n'),
    );
  });

  it('says why a delivery parked without using up its retries (an error that is not retried)', () => {
    const words = currentDetails(lead, {
      state: 'parked',
      since: '2026-11-30T10:02:30.000Z',
      until: '2026-11-30T11:02:30.000Z',
      attempts: 1,
      last: { errorCode: 'SECRET_MISSING', reason: 'Secret API_KEY is not set' },
      exhausted: false,
    });
    expect(words).toMatch(/^Parked since 10:02:30 UTC: SECRET_MISSING, which is not retried by itself \(last: Secret API_KEY is not set\)\./);
  });

  it('counts down to the next attempt while waiting to retry', () => {
    const words = currentDetails(lead, { state: 'waiting-to-retry', nextAttempt: 3, maxAttempts: 5, delayMs: 4000, at: '2026-11-30T10:02:07.000Z', last: last503 });
    expect(words).toMatch(/^Waiting 4 s before attempt 3 of 5 \(at 10:02:07 UTC\)\. Last attempt: HTTP 503, The destination answered HTTP 503: Service Unavailable\.\n/);
    expect(words).toContain('- Retry now: update or signal `retry` with `{}`, or `leadwire retry acme-crm--lead-42`');
  });

  it('names the attempt and the request while sending, and the destination while rendering', () => {
    expect(currentDetails(lead, { state: 'sending', attempt: 2, maxAttempts: 5, target: 'POST https://api.example.com/leads' })).toBe(
      'Sending attempt 2 of 5 to Acme CRM: POST https://api.example.com/leads.',
    );
    expect(currentDetails({ ...lead, kind: 'batch' }, { state: 'rendering' })).toBe('Rendering the batch for Acme CRM.');
  });

  it('states the business outcome at the end, in the words an operator uses', () => {
    const done = (outcome: 'success' | 'failure' | 'error' | 'skipped' | 'cancelled', reason: string, status?: number, attempts = 1) =>
      currentDetails(lead, { state: 'done', outcome, reason, attempts, ...(status !== undefined ? { status } : {}) });
    expect(done('success', 'Accepted with HTTP 201', 201)).toBe('Delivered to Acme CRM (HTTP 201, 1 attempt): Accepted with HTTP 201.');
    expect(done('failure', 'The destination answered HTTP 422: email is invalid, which is not retried', 422)).toBe(
      'Rejected by Acme CRM (HTTP 422, 1 attempt): The destination answered HTTP 422: email is invalid, which is not retried.',
    );
    expect(done('error', 'Timed out; gave up after 3 attempts', undefined, 3)).toBe('Not delivered to Acme CRM (3 attempts): Timed out; gave up after 3 attempts.');
    expect(done('skipped', 'state is not CA', undefined, 0)).toBe('Skipped, nothing sent to Acme CRM: state is not CA.');
    expect(done('cancelled', 'Cancelled by an operator', 503, 2)).toBe('Cancelled by an operator (HTTP 503, 2 attempts).');
  });

  it('names the error code of a problem, to look up in docs/errors.md, unless it only repeats the HTTP status', () => {
    const parked = (last: { status?: number; errorCode?: ErrorCode; reason: string }) =>
      currentDetails(lead, { state: 'parked', since: '2026-11-30T10:02:30.000Z', until: '2026-11-30T11:02:30.000Z', attempts: 1, last, exhausted: false });
    expect(parked({ status: 200, errorCode: 'AT_MOST_ONCE_AMBIGUOUS', reason: 'Not sent again' })).toMatch(/^Parked since 10:02:30 UTC: HTTP 200 \(AT_MOST_ONCE_AMBIGUOUS\), which is not retried/);
    expect(parked({ errorCode: 'TIMEOUT', reason: 'No complete response' })).toMatch(/^Parked since 10:02:30 UTC: TIMEOUT, which/);
    expect(parked({ status: 503, errorCode: 'HTTP_503', reason: 'Service Unavailable' })).toMatch(/^Parked since 10:02:30 UTC: HTTP 503, which/);
    const done = (outcome: 'error' | 'failure' | 'success', errorCode: ErrorCode | undefined, status?: number) =>
      currentDetails(lead, { state: 'done', outcome, reason: 'why', attempts: 3, ...(status !== undefined ? { status } : {}), ...(errorCode ? { errorCode } : {}) });
    expect(done('error', 'TIMEOUT')).toBe('Not delivered to Acme CRM (TIMEOUT, 3 attempts): why.');
    expect(done('failure', 'RESPONSE_REJECTED', 200)).toBe('Rejected by Acme CRM (HTTP 200, RESPONSE_REJECTED, 3 attempts): why.');
    expect(done('failure', 'HTTP_422', 422)).toBe('Rejected by Acme CRM (HTTP 422, 3 attempts): why.');
  });

  it('keeps a long or multi-line reason to one readable line', () => {
    const words = currentDetails(lead, { state: 'done', outcome: 'failure', reason: `line one\nline two ${'x'.repeat(400)}`, attempts: 1, status: 400 });
    expect(words).not.toContain('\n');
    expect(words.length).toBeLessThan(320);
    expect(words).toContain('line one line two x');
  });
});
