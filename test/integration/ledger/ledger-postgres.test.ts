import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLedgerSettings } from '../../../src/ledger/config/load-ledger-settings.js';
import { eraseLead } from '../../../src/ledger/erasure/erase-lead.js';
import { appliedMigrations, migrateLedger } from '../../../src/ledger/migrations/migrate-ledger.js';
import { openLedger, type Ledger } from '../../../src/ledger/open-ledger.js';
import { deliveryRow } from '../../../src/ledger/records/delivery-row.js';
import { distributionRows } from '../../../src/ledger/records/distribution-rows.js';
import { report } from '../../../src/ledger/reports/report-query.js';
import { recordReturn } from '../../../src/ledger/returns/record-return.js';
import { writeDelivery } from '../../../src/ledger/writers/write-delivery.js';
import { writeDistribution } from '../../../src/ledger/writers/write-distribution.js';
import { freePort } from '../../../src/temporal/free-port.js';
import { findPostgresBinDir } from '../../../scripts/cluster/postgres.js';
import { attempt, deliveryResult, flowResult } from '../../helpers/ledger-records.js';

/**
 * The PostgreSQL server binaries, found as `npm run cluster` finds them (LEADWIRE_POSTGRES_BIN_DIR,
 * Debian's newest /usr/lib/postgresql/<major>/bin, PATH, pg_config). Without them the test is
 * skipped, unless LEADWIRE_TEST_POSTGRES=required (CI sets it; .ci/run installs Debian's postgresql
 * first), when a missing server fails the run instead of passing it unseen.
 */
const BIN = await findPostgresBinDir();
if (!BIN) {
  const why = 'no PostgreSQL server binaries (initdb, pg_ctl) in LEADWIRE_POSTGRES_BIN_DIR, /usr/lib/postgresql/*/bin, on PATH or from pg_config';
  if (process.env.LEADWIRE_TEST_POSTGRES === 'required') throw new Error(`ledger-postgres.test.ts: LEADWIRE_TEST_POSTGRES=required but ${why}. Install them (apt-get install -y postgresql), as .ci/run does.`);
  console.warn(`ledger-postgres.test.ts: skipped, ${why} (apt-get install -y postgresql to run it)`);
}
const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the `postgres` user when the tests run as root (initdb refuses root). */
function pgRun(tool: string, args: string[]): void {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN!, tool), ...args]] : [join(BIN!, tool), args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout}`);
}

describe.skipIf(!BIN)('the ledger on a real PostgreSQL server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadwire-ledger-pg-'));
  const data = join(dir, 'data');
  let port = 0;
  let ledger: Ledger;
  const url = (database: string) => `postgres://leadwire@127.0.0.1:${port}/${database}`;
  const env = (database: string) => ({ LEADWIRE_LEDGER_URL: url(database), LEADWIRE_LEDGER_KEY: Buffer.alloc(32, 3).toString('base64') });

  beforeAll(async () => {
    if (asRoot) chownSync(dir, Number(spawnSync('id', ['-u', 'postgres']).stdout), Number(spawnSync('id', ['-g', 'postgres']).stdout));
    pgRun('initdb', ['-D', data, '--username=leadwire', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
    // A free port can be taken between the check and the start: try a few.
    for (let tries = 0; ; tries++) {
      port = await freePort();
      try {
        pgRun('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k '' -c listen_addresses=127.0.0.1`, 'start']);
        break;
      } catch (err) {
        if (tries >= 3) throw err;
      }
    }
    const admin = new pg.Client({ connectionString: url('postgres') });
    await admin.connect();
    await admin.query('create database ledger');
    await admin.query('create database upgrade');
    await admin.end();
    ledger = (await openLedger({ env: env('ledger'), settings: parseLedgerSettings({ returns: { Winner: { window: 86_400_000 } } }) }))!;
  }, 180_000);

  afterAll(async () => {
    await ledger?.close();
    if (existsSync(join(data, 'postmaster.pid'))) pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('upgrades a ledger created by migration 0001 to the latest', async () => {
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url('upgrade') }) }) });
    await migrateLedger(db, '0001-deliveries-and-distributions');
    await db.insertInto('deliveries').values({ delivery_id: 'v1', version: 1003, destination: 'Acme', lead_id: 'L', outcome: 'success', intake_at: '2026-01-01T00:00:00Z', workflow_id: 'v1' }).execute();
    expect(await migrateLedger(db)).toEqual(['0002-money-returns-erasures']);
    expect(await appliedMigrations(db)).toEqual(['0001-deliveries-and-distributions', '0002-money-returns-erasures']);
    expect(await db.selectFrom('deliveries').select(['delivery_id', 'cost', 'distribution_money']).execute()).toEqual([{ delivery_id: 'v1', cost: null, distribution_money: false }]);
    await db.destroy();
  });

  it('keeps one row with the newest state under truly concurrent writes from several connections', async () => {
    const three = [1, 2, 3].map((n) => attempt(n, `2026-06-01T10:0${n}:00.000Z`, 100, 503, 'error'));
    const states = [
      deliveryResult({ deliveryId: 'pg--L1', leadId: 'L1', outcome: 'error', attempts: three }),
      { ...deliveryResult({ deliveryId: 'pg--L1', leadId: 'L1', attempts: three }), outcome: 'parked' as const },
      deliveryResult({ deliveryId: 'pg--L1', leadId: 'L1', attempts: [...three, attempt(4, '2026-06-01T11:00:00.000Z', 90, 200, 'success')], price: 9, operatorActions: [{ at: '2026-06-01T10:59:00.000Z', action: 'retry' }] }),
    ].map((r) => deliveryRow(r, { intakeAt: '2026-06-01T09:59:00.000Z', currency: 'USD', lead: { email: 'pg@example.com' } }, ledger.protection));
    const writes = [0, 1, 2, 3, 4].flatMap(() => [...states].reverse());
    await Promise.all(writes.map((row) => writeDelivery(ledger.db, row)));
    const rows = await ledger.db.selectFrom('deliveries').select(['outcome', 'attempts', 'price']).where('delivery_id', '=', 'pg--L1').execute();
    expect(rows).toEqual([{ outcome: 'success', attempts: 4, price: '9.0000' }]);
    expect(await ledger.db.selectFrom('operator_actions').select('action').where('delivery_id', '=', 'pg--L1').execute()).toEqual([{ action: 'retry' }]);
  });

  it('reports, credits returns and erases with the same SQL as the embedded ledger', async () => {
    const flow = flowResult('PGF', 'Winner', 50, '2026-06-02T10:00:00.000Z');
    await writeDistribution(ledger.db, distributionRows(flow, { currency: 'USD', cost: 8, source: 'fb', lead: { email: 'flow@example.com' } }, ledger.protection));
    await writeDelivery(ledger.db, deliveryRow(deliveryResult({ deliveryId: flow.posts[0]!.deliveryId, destination: 'Winner API', leadId: 'PGF', at: '2026-06-02T10:00:00.000Z', price: 55 }), { intakeAt: '2026-06-02T10:00:00.000Z', currency: 'USD', flowStep: 'post', distributionId: flow.distributionId, buyer: 'Winner' }, ledger.protection));
    await recordReturn(ledger, { leadId: 'PGF', buyer: 'Winner', reason: 'fraud', at: '2026-06-02T12:00:00.000Z' });
    const byBuyer = await report(ledger, { by: 'buyer', since: '2026-06-01', until: '2026-06-03' });
    expect(byBuyer.rows.map((r) => [r.key, r.leads, r.accepted, r.returned, r.revenue, r.credited, r.cost, r.margin, r.p50IntakeTo2xxMs])).toEqual([
      ['Acme CRM', 1, 1, 0, 9, 0, 0, 9, 3_660_090],
      ['Winner', 1, 1, 1, 0, 50, 8, -8, 250],
    ]);
    const bySource = await report(ledger, { by: 'source', since: '2026-06-01', until: '2026-06-03' });
    expect(bySource.rows.map((r) => [r.key, r.leads, r.cost])).toEqual([['fb', 1, 8], ['unknown', 2, 0]]);
    expect(await eraseLead(ledger, { email: 'flow@example.com' })).toMatchObject({ leadIds: ['PGF'], deliveries: 1, distributions: 1, returns: 1 });
  });
});
