import { existsSync, readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerDev } from '../../../src/cli/commands/dev-command.js';
import { deliverExitCode } from '../../../src/cli/exit-code.js';
import { formatListRow } from '../../../src/cli/format-list-row.js';
import { formatResultLine } from '../../../src/cli/format-result.js';
import type { DeliveryResult } from '../../../src/core/delivery/delivery-result.js';

describe('CLI output in plain words', () => {
  it('leadwire list says "1 attempt", not "1 attempts"', () => {
    const row = { deliveryId: 'crm--l1', status: 'RUNNING', destination: 'CRM', outcome: 'parked', lastStatus: 503, startTime: '2026-01-01T00:00:00.000Z' };
    expect(formatListRow({ ...row, attempts: 1 })).toContain('(1 attempt HTTP 503)');
    expect(formatListRow({ ...row, attempts: 2 })).toContain('(2 attempts HTTP 503)');
    expect(formatListRow({ deliveryId: 'crm--l2', status: 'RUNNING', startTime: '2026-01-01T00:00:00.000Z' })).toContain('(0 attempts)');
  });

  it('a result line counts its attempts the same way', () => {
    const result = { deliveryId: 'd', destination: 'CRM', leadId: 'l1', outcome: 'failure', reason: 'no', fields: {} } as DeliveryResult;
    const attempt = { attempt: 1, startedAt: '', durationMs: 5, url: 'u', outcome: 'failure' as const, reason: 'no' };
    expect(formatResultLine({ ...result, attempts: [attempt] })).toMatch(/\(1 attempt\)$/);
    expect(formatResultLine({ ...result, attempts: [attempt, { ...attempt, attempt: 2 }] })).toMatch(/\(2 attempts\)$/);
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
