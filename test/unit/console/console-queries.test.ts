import { describe, expect, it } from 'vitest';
import { deliveriesQuery, distributionsQuery } from '../../../src/console/data/temporal/visibility-query.js';
import { parseCursor, parseDeliveryFilter, timeFilter } from '../../../src/console/routes/parse-filters.js';
import { deliveryWords } from '../../../src/console/views/delivery-words.js';
import type { DeliveryDetail } from '../../../src/console/data/console-data.js';

describe("the console's list queries", () => {
  it('lists only deliveries (never cap, batcher or batch workflows), each filter quoted', () => {
    expect(deliveriesQuery({ outcome: 'parked', destination: 'Acme CRM', leadId: 'lead-1' }, { taskQueue: 'q' })).toBe(
      'WorkflowType="deliverLead" AND TaskQueue="q" AND LeadwireLeadId="lead-1" AND LeadwireDestination="Acme CRM" AND LeadwireOutcome="parked"',
    );
    expect(distributionsQuery({ outcome: 'sold', buyer: 'b' })).toBe('WorkflowType="distributeLead" AND LeadwireBuyer="b" AND LeadwireOutcome="sold"');
  });

  it('keeps a hostile filter value inside its quotes', () => {
    const q = deliveriesQuery({ destination: 'x" OR WorkflowType="buyerCaps', leadId: 'a\\" OR 1=1' });
    expect(q).toBe('WorkflowType="deliverLead" AND LeadwireLeadId="a\\\\\\" OR 1=1" AND LeadwireDestination="x\\" OR WorkflowType=\\"buyerCaps"');
  });

  it('takes a time range as UTC and drops what is not a time', () => {
    expect(timeFilter('2026-05-01T10:02')).toBe('2026-05-01T10:02:00.000Z');
    expect(timeFilter('yesterday')).toBeUndefined();
    const filter = parseDeliveryFilter({ outcome: 'nonsense', since: '2026-05-01T10:02', until: 'x', destination: '  Acme  ' });
    expect(filter).toEqual({ since: '2026-05-01T10:02:00.000Z', destination: 'Acme' });
    expect(deliveriesQuery(filter)).toBe('WorkflowType="deliverLead" AND StartTime>="2026-05-01T10:02:00.000Z" AND LeadwireDestination="Acme"');
    expect(parseCursor({ cursor: 'abc_-1' })).toBe('abc_-1');
    expect(parseCursor({ cursor: 'a"b' })).toBeUndefined();
  });
});

describe("a delivery's words", () => {
  const now = Date.parse('2026-05-01T10:05:00Z');
  const attempt = { attempt: 1, startedAt: '2026-05-01T10:00:00.000Z', durationMs: 1000, url: 'https://api.example.com/leads', status: 503, outcome: 'error' as const, reason: 'The destination answered HTTP 503' };
  const row = { deliveryId: 'acme--1', outcome: 'parked' as const, running: true, destination: 'Acme', startedAt: '2026-05-01T10:00:00.000Z' };

  it('a parked delivery: what happened in the Web UI words, why, and to retry or give up with the buttons', () => {
    const detail: DeliveryDetail = { row, live: { state: 'parked', parked: true, attempts: [attempt], parkedUntil: '2026-05-08T10:00:01.000Z', lastError: attempt.reason }, attempts: [attempt] };
    const words = deliveryWords(detail, now);
    expect(words.happened).toBe('Parked since 10:00:01 UTC: HTTP 503, which is not retried by itself (last: The destination answered HTTP 503). Waiting for an operator until 2026-05-08 10:00 UTC; if nobody acts, it ends as not delivered.');
    expect(words.why).toBe('The destination answered HTTP 503');
    expect(words.todo).toMatch(/press Retry/);
    expect(words.happened).not.toContain('leadwire retry');
  });

  it('a parked delivery: names the corrected-destination button only when the page shows it, else the command', () => {
    const detail: DeliveryDetail = { row, live: { state: 'parked', parked: true, attempts: [attempt], parkedUntil: '2026-05-08T10:00:01.000Z' }, attempts: [attempt] };
    expect(deliveryWords(detail, now, { correctedRetry: true }).todo).toContain('use Retry with a corrected destination.');
    const without = deliveryWords(detail, now).todo;
    expect(without).not.toContain('use Retry with a corrected destination');
    expect(without).toContain('`leadwire retry acme--1 --config <file>`');
  });

  it('an ended delivery: the record says it', () => {
    const detail: DeliveryDetail = { row: { ...row, outcome: 'failure', running: false }, result: { outcome: 'failure', reason: 'Duplicate email' }, attempts: [{ ...attempt, status: 422, outcome: 'failure', reason: 'Duplicate email' }] };
    expect(deliveryWords(detail, now)).toEqual({
      happened: 'Rejected by Acme (HTTP 422, 1 attempt): Duplicate email.',
      why: 'Duplicate email',
      todo: expect.stringMatching(/said no/),
    });
  });
});
