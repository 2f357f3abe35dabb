import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/core/errors/error-codes.js';
import type { AttemptRecord, DeliveryResult } from '../../src/core/delivery/delivery-result.js';
import { checkScenario, formatTable, type ScenarioFacts } from './ledger.js';

const attempt = (errorCode?: ErrorCode): AttemptRecord => ({
  attempt: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
  url: 'http://127.0.0.1/x',
  outcome: errorCode ? 'error' : 'success',
  reason: errorCode ?? 'ok',
  ...(errorCode ? { errorCode } : {}),
});
const result = (id: string, outcome: DeliveryResult['outcome'], codes: (ErrorCode | undefined)[] = [undefined]): DeliveryResult => ({
  deliveryId: id,
  destination: 'D',
  leadId: id,
  outcome,
  reason: outcome,
  fields: {},
  attempts: codes.map(attempt),
});
const facts = (extra: Partial<ScenarioFacts>): ScenarioFacts => ({
  scenario: 's',
  deliveryIds: ['a', 'b'],
  results: new Map([
    ['a', result('a', 'success')],
    ['b', result('b', 'success')],
  ]),
  keptByLead: new Map([
    ['a', 1],
    ['b', 1],
  ]),
  keptByKey: new Map([
    ['a', 1],
    ['b', 1],
  ]),
  duplicatesPossible: false,
  wallMs: 1000,
  ...extra,
});

describe('checkScenario', () => {
  it('passes a clean run: every lead delivered once', () => {
    const row = checkScenario(facts({}));
    expect(row).toMatchObject({ leads: 2, delivered: 2, lost: 0, rawDuplicates: 0, distinctKeys: 2, problems: [] });
  });

  it('counts a lead that never reached the receiver, or has no result, as lost', () => {
    const row = checkScenario(facts({ results: new Map([['a', result('a', 'success')]]), keptByLead: new Map([['a', 1]]) }));
    expect(row.lost).toBe(1);
    expect(row.problems.join()).toContain('b has no final outcome');
  });

  it('accepts a duplicate explained by a lost worker, and refuses one nothing explains', () => {
    const kept = new Map([
      ['a', 2],
      ['b', 1],
    ]);
    const explained = facts({ keptByLead: kept, keptByKey: kept, duplicatesPossible: true, results: new Map([['a', result('a', 'success', ['WORKER_LOST', undefined])], ['b', result('b', 'success')]]) });
    expect(checkScenario(explained)).toMatchObject({ rawDuplicates: 1, problems: [] });
    expect(checkScenario(facts({ keptByLead: kept, keptByKey: kept, duplicatesPossible: true })).problems.join()).toContain('only 0 ambiguous attempt(s)');
    expect(checkScenario(facts({ keptByLead: kept, keptByKey: kept })).problems.join()).toContain('no crash and no late answer');
  });

  it('prints the table with every column', () => {
    expect(formatTable([checkScenario(facts({}))])).toContain('| s        | 2     | 2         | 0    | 0              | 2             | 1.0 s');
  });
});
