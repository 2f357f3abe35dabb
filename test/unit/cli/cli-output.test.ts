import { existsSync, readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerDev } from '../../../src/cli/commands/dev-command.js';
import { deliverExitCode } from '../../../src/cli/exit-code.js';
import { formatDistributionStatus } from '../../../src/cli/format-flow-result.js';
import { formatDistributionRow, formatListRow } from '../../../src/cli/format-list-row.js';
import { formatCliError } from '../../../src/cli/format-cli-error.js';
import { formatParkedLines } from '../../../src/cli/format-parked.js';
import { formatResultLine } from '../../../src/cli/format-result.js';
import type { DeliveryResult } from '../../../src/core/delivery/delivery-result.js';
import type { ErrorCode } from '../../../src/core/errors/error-codes.js';
import { LeadwireError } from '../../../src/core/errors/leadwire-error.js';
import type { DeliveryStatus } from '../../../src/shared/delivery-status.js';

describe('CLI output in plain words', () => {
  it('leadwire list says "1 attempt", not "1 attempts"', () => {
    const row = { deliveryId: 'crm--l1', status: 'RUNNING', destination: 'CRM', outcome: 'parked', lastStatus: 503, startTime: '2026-01-01T00:00:00.000Z' };
    expect(formatListRow({ ...row, attempts: 1 })).toContain('(1 attempt HTTP 503)');
    expect(formatListRow({ ...row, attempts: 2 })).toContain('(2 attempts HTTP 503)');
    expect(formatListRow({ deliveryId: 'crm--l2', status: 'RUNNING', startTime: '2026-01-01T00:00:00.000Z' })).toContain('(0 attempts)');
  });

  it('a result line counts its attempts the same way', () => {
    const result = { deliveryId: 'd', destination: 'CRM', leadId: 'l1', outcome: 'failure', reason: 'no', fields: {} } as DeliveryResult;
    const attempt = { attempt: 1, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 5, url: 'u', outcome: 'failure' as const, reason: 'no' };
    expect(formatResultLine({ ...result, attempts: [attempt] })).toMatch(/\(1 attempt, 5 ms\)$/);
    expect(formatResultLine({ ...result, attempts: [attempt, { ...attempt, attempt: 2 }] })).toMatch(/\(2 attempts/);
    expect(formatResultLine({ ...result, outcome: 'skipped', attempts: [] })).toMatch(/\(0 attempts\)$/);
  });

  // Issue 21: "HTTP 422, which is not retried in 52 ms" read as "not retried within 52 ms", and
  // "Accepted with HTTP 200 in 3 ms (3 attempts)" gave the last attempt's time as the delivery's.
  it('a result line keeps times apart from the reason: the total time, and the last attempt\'s when there were several', () => {
    const result = { deliveryId: 'd', destination: 'CRM', leadId: 'l1', fields: {} } as unknown as DeliveryResult;
    const attempt = (n: number, startedAt: string, durationMs: number) => ({ attempt: n, startedAt, durationMs, url: 'u', outcome: 'error' as const, reason: 'x' });
    const rejected = formatResultLine({ ...result, outcome: 'failure', reason: 'The destination answered HTTP 422, which is not retried', attempts: [attempt(1, '2026-01-01T00:00:00.000Z', 52)] });
    expect(rejected).toMatch(/which is not retried \(1 attempt, 52 ms\)$/);
    expect(rejected).not.toMatch(/not retried in 52 ms/);
    const retried = formatResultLine({
      ...result,
      outcome: 'success',
      reason: 'Accepted with HTTP 200',
      finishedAt: '2026-01-01T00:00:02.110Z',
      attempts: [attempt(1, '2026-01-01T00:00:00.000Z', 40), attempt(2, '2026-01-01T00:00:01.000Z', 30), attempt(3, '2026-01-01T00:00:02.100Z', 3)],
    });
    expect(retried).toMatch(/Accepted with HTTP 200 \(3 attempts over 2 s; the last took 3 ms\)$/);
  });
});

describe('error codes in the CLI (to look up in docs/errors.md)', () => {
  it('a one-line error starts with its code', () => {
    expect(formatCliError(new LeadwireError('TEMPORAL_UNREACHABLE', 'Could not connect to Temporal at 127.0.0.1:7233.'))).toBe('leadwire: [TEMPORAL_UNREACHABLE] Could not connect to Temporal at 127.0.0.1:7233.');
  });

  it('a result line and a parked line name the code of a delivery that did not get through, unless its HTTP status says it', () => {
    const attempt = { attempt: 1, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 5, url: 'u', outcome: 'error' as const, reason: 'x' };
    const result = { deliveryId: 'd', destination: 'CRM', leadId: 'l1', fields: {}, attempts: [attempt] } as unknown as DeliveryResult;
    expect(formatResultLine({ ...result, outcome: 'error', errorCode: 'TIMEOUT', reason: 'No complete response within the 5000 ms timeout' })).toMatch(/^! error +l1 +\[TIMEOUT\] No complete response/);
    expect(formatResultLine({ ...result, outcome: 'success', reason: 'Accepted with HTTP 200' })).toMatch(/l1 +Accepted with HTTP 200/);
    const answered = (status: number, errorCode: ErrorCode) => ({ ...result, outcome: 'failure' as const, errorCode, reason: 'no', response: { status, headers: {}, body: '', truncated: false } });
    expect(formatResultLine(answered(422, 'HTTP_422'))).toMatch(/l1 +no \(/);
    expect(formatResultLine(answered(200, 'RESPONSE_REJECTED'))).toMatch(/l1 +\[RESPONSE_REJECTED\] no \(/);
    const parked = { state: 'parked', attempts: [attempt, attempt], lastError: 'Secret API_KEY is not set', lastErrorCode: 'SECRET_MISSING', parkedUntil: '2026-01-08T00:00:00.000Z' } as unknown as DeliveryStatus;
    expect(formatParkedLines('l1', 'crm--l1', parked)[0]).toMatch(/^- parked +l1 +\[SECRET_MISSING\] Secret API_KEY is not set \(2 attempts\)/);
  });
});

describe('distributions in `leadwire list --flows` and `leadwire status`', () => {
  const at = '2026-11-30T14:00:00.000Z';
  it('a row says who bought the lead and at what price, or that nobody did yet', () => {
    expect(formatDistributionRow({ distributionId: 'flow-pp--l1', status: 'COMPLETED', outcome: 'sold', sold: true, buyers: ['acme'], price: 14, leadId: 'l1', startTime: at })).toBe(
      `sold      ${'flow-pp--l1'.padEnd(40)} sold to acme at 14 (lead l1) ${at}`,
    );
    expect(formatDistributionRow({ distributionId: 'flow-pp--l2', status: 'COMPLETED', outcome: 'unsold', sold: false, leadId: 'l2', startTime: at })).toContain('unsold    flow-pp--l2');
    expect(formatDistributionRow({ distributionId: 'flow-pp--l2', status: 'COMPLETED', outcome: 'unsold', sold: false, leadId: 'l2', startTime: at })).toContain(' no buyer (lead l2)');
    expect(formatDistributionRow({ distributionId: 'flow-pp--l3', status: 'RUNNING', outcome: 'pending', startTime: at })).toContain(' not sold yet ');
  });

  it('a running distribution shows its buyers so far; one that ended without a record says so', () => {
    const running = formatDistributionStatus({
      distributionId: 'flow-pp--l1',
      status: 'RUNNING',
      outcome: 'pending',
      progress: { flow: 'pp', strategy: 'ping_post', leadId: 'l1', buyers: [{ buyer: 'acme', eligible: false, sold: false, skipped: 'skip rule: closed at night' }] },
    });
    expect(running.split('\n')).toEqual(['… running   pp (ping_post) lead l1   flow-pp--l1', `  · ${'acme'.padEnd(16)} skip rule: closed at night`]);
    expect(formatDistributionStatus({ distributionId: 'flow-pp--l1', status: 'TERMINATED' })).toMatch(/^✘ terminated {3}flow-pp--l1/);
  });
});

describe('deliver --wait exit codes', () => {
  it('skipped is exit 0, with --lead (one outcome) as with --leads (many)', () => {
    expect(deliverExitCode(['skipped'])).toBe(0);
    expect(deliverExitCode(['success', 'skipped'])).toBe(0);
    expect(deliverExitCode(['success'])).toBe(0);
    for (const o of ['failure', 'error', 'cancelled'] as const) {
      expect(deliverExitCode([o])).toBe(1);
      expect(deliverExitCode(['success', o, 'skipped'])).toBe(1);
    }
  });
});

describe('the options of `leadwire dev` in the docs', () => {
  const program = new Command();
  registerDev(program);
  const dev = program.commands.find((c) => c.name() === 'dev')!;

  it('each has a description in commander, which `--help` and a generated CLI reference print', () => {
    expect(dev.options.length).toBeGreaterThan(5);
    expect(dev.options.filter((o) => o.description.trim() === '').map((o) => o.long)).toEqual([]);
  });

  it("the CLI table lists every one (the README's, or docs/cli-reference.md once the README links to it)", () => {
    const reference = new URL('../../../docs/cli-reference.md', import.meta.url);
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const text = existsSync(reference)
      ? readFileSync(reference, 'utf8')
      : (readme.split('\n').find((line) => line.startsWith('| `leadwire dev')) ?? '');
    expect(dev.options.map((o) => o.long!).filter((flag) => !text.includes(flag))).toEqual([]);
  });
});
