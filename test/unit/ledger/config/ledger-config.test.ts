import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LeadwireError } from '../../../../src/core/errors/leadwire-error.js';
import { LedgerSettingsError, parseLedgerSettings } from '../../../../src/ledger/config/load-ledger-settings.js';
import { describeLedgerTarget, readLedgerTarget } from '../../../../src/ledger/config/ledger-target.js';
import { readLedgerKey } from '../../../../src/ledger/config/ledger-key.js';

describe('LEADWIRE_LEDGER_URL', () => {
  it('defaults to the embedded ledger under .leadwire/ledger of the working folder', () => {
    expect(readLedgerTarget({}, '/srv/app')).toEqual({ kind: 'embedded', dir: join('/srv/app', '.leadwire', 'ledger') });
    expect(readLedgerTarget({ LEADWIRE_LEDGER_URL: 'pglite:data/ledger' }, '/srv/app')).toEqual({ kind: 'embedded', dir: '/srv/app/data/ledger' });
    expect(readLedgerTarget({ LEADWIRE_LEDGER_URL: 'pglite:memory' })).toEqual({ kind: 'memory' });
    expect(readLedgerTarget({ LEADWIRE_LEDGER_URL: 'OFF' })).toEqual({ kind: 'off' });
  });

  it('takes a PostgreSQL URL and describes it without its credentials', () => {
    const target = readLedgerTarget({ LEADWIRE_LEDGER_URL: 'postgresql://leadwire:s3cret-pw@db.internal:5433/ledger' });
    expect(target).toEqual({ kind: 'postgres', connectionString: 'postgresql://leadwire:s3cret-pw@db.internal:5433/ledger' });
    expect(describeLedgerTarget(target)).toBe('PostgreSQL at db.internal:5433/ledger');
  });

  it('refuses anything else without repeating the value (it may hold a password)', () => {
    const read = () => readLedgerTarget({ LEADWIRE_LEDGER_URL: 'mysql://root:hunter2@host/db' });
    expect(read).toThrow(LeadwireError);
    expect(read).toThrow(/postgres:\/\/user:password@host:port\/database, pglite:<folder>/);
    expect(read).not.toThrow(/hunter2/);
  });
});

describe('LEADWIRE_LEDGER_KEY', () => {
  it('is required for a PostgreSQL ledger and must be long enough', async () => {
    const pg = { kind: 'postgres' as const, connectionString: 'postgres://h/db' };
    await expect(readLedgerKey(pg, {})).rejects.toMatchObject({ code: 'LEDGER_KEY_MISSING' });
    await expect(readLedgerKey(pg, { LEADWIRE_LEDGER_KEY: Buffer.alloc(8).toString('base64') })).rejects.toMatchObject({ code: 'LEDGER_KEY_INVALID' });
    expect(await readLedgerKey(pg, { LEADWIRE_LEDGER_KEY: Buffer.alloc(32, 1).toString('base64') })).toEqual(Buffer.alloc(32, 1));
  });
});

describe('ledger settings', () => {
  it('fills the defaults', () => {
    expect(parseLedgerSettings({})).toEqual({ currency: 'USD', lead_fields: [], lead_keys: ['email', 'phone'], sources: [], default_cost: 0, returns: {} });
  });

  it('lists every problem by path', () => {
    try {
      parseLedgerSettings({ currency: 'usd', sources: [{ name: 'x', cost: -1 }, { name: 'y', field: 'utm.source', cost: 1 }], returns: { Acme: { window: 0 } }, extra: 1 }, 'ledger.yaml');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(LedgerSettingsError);
      const issues = (err as LedgerSettingsError).issues.map((i) => i.path);
      expect(issues).toEqual(expect.arrayContaining(['currency', 'sources[0].cost', 'sources[0]', 'sources[1].field', 'returns.Acme.window', 'extra']));
      expect((err as LedgerSettingsError).message).toContain('ledger.yaml is not a valid ledger settings file');
    }
  });
});
