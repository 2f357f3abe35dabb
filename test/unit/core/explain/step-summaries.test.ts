import { describe, expect, it } from 'vitest';
import { judgeSummary, parkTimerSummary, renderSummary, retryTimerSummary, sendSummary, targetOf } from '../../../../src/core/explain/step-summaries.js';
import { duration, utf8Length } from '../../../../src/core/explain/words.js';

describe('summaries on timers and activities', () => {
  it('names the send by method, URL and attempt', () => {
    expect(sendSummary({ method: 'post', url: 'https://api.example.com/leads' }, 2)).toBe('POST https://api.example.com/leads, attempt 2');
    expect(sendSummary({ method: 'PUT', url: 'https://api.example.com/bulk' }, 1, 25)).toBe('PUT https://api.example.com/bulk, attempt 1, batch of 25');
  });

  it('never shows the query (lead values, keys) nor user-info of the URL template', () => {
    const target = targetOf({ method: 'GET', url: 'https://user:pa55@api.example.com/ping?email={{ email }}&api_key=${API_KEY}#x' });
    expect(target).toBe('GET https://[redacted]@api.example.com/ping');
    expect(target).not.toMatch(/pa55|email|API_KEY/);
  });

  it('mentions other endpoints and routes', () => {
    expect(targetOf({ method: 'POST', url: 'https://a.example.com/l', endpoints: ['https://b.example.com/l', 'https://c.example.com/l'], routes: [{}] })).toBe(
      'POST https://a.example.com/l (+2 endpoints, or a route)',
    );
  });

  it('says what each timer waits for', () => {
    expect(retryTimerSummary(3, 5, 4000)).toBe('attempt 3 of 5 in 4 s');
    expect(parkTimerSummary('2026-12-07T10:02:00.000Z')).toBe('park window: waiting for an operator until 2026-12-07 10:02 UTC');
  });

  it('names the render and judge steps', () => {
    expect(renderSummary('Acme CRM')).toBe('render the lead for Acme CRM');
    expect(renderSummary('Acme CRM', 10)).toBe('render a batch of 10 for Acme CRM');
    expect(judgeSummary(2, 503, 'HTTP_503')).toBe('judge attempt 2: HTTP 503');
    expect(judgeSummary(1, undefined, 'TIMEOUT')).toBe('judge attempt 1: TIMEOUT');
  });

  it('says waits as people do', () => {
    expect([350, 4000, 90_000, 600_000, 5_400_000, 7 * 24 * 3600 * 1000].map(duration)).toEqual(['350 ms', '4 s', '90 s', '10 min', '90 min', '7 days']);
    expect(duration(3 * 3600 * 1000 + 30 * 60 * 1000)).toBe('3 h 30 min');
  });

  it('keeps every summary within 200 bytes of UTF-8, whatever the destination is called or where it sends', () => {
    const long = sendSummary({ method: 'POST', url: `https://api.example.com/${'leads/'.repeat(60)}` }, 12);
    const wide = renderSummary('顧客管理システム'.repeat(25));
    for (const summary of [long, wide]) {
      expect(utf8Length(summary)).toBeLessThanOrEqual(190);
      expect(summary.endsWith('…')).toBe(true);
    }
    expect(utf8Length('a·顧😀')).toBe(1 + 2 + 3 + 4);
  });
});
