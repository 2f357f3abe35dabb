import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedMigrations, migrateLedger } from '../../../src/ledger/migrations/migrate-ledger.js';
import { openLedger, type Ledger } from '../../../src/ledger/open-ledger.js';
import { deliveryRow } from '../../../src/ledger/records/delivery-row.js';
import { writeDelivery } from '../../../src/ledger/writers/write-delivery.js';
import { report } from '../../../src/ledger/reports/report-query.js';
import { deliveryResult } from '../../helpers/ledger-records.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/ledger-cli.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leadwire-ledger-'));
const env = { LEADWIRE_LEDGER_URL: `pglite:${dir}` };
let host: Ledger;

/** Runs the fixture in a process of its own against the same embedded ledger. */
function child(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', FIXTURE, ...args], { env: { ...process.env, ...env }, timeout: 170_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const hostFile = () => JSON.parse(readFileSync(join(dir, 'host.json'), 'utf8')) as { pid: number; port: number; password: string };
const connect = async (password = hostFile().password) => {
  const client = new pg.Client({ host: '127.0.0.1', port: hostFile().port, user: 'postgres', database: 'postgres', password });
  await client.connect();
  return client;
};

beforeAll(async () => {
  host = (await openLedger({ env, migrate: false }))!;
}, 180_000);
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the embedded ledger', () => {
  it('upgrades a ledger created by migration 0001 to the latest, keeping its rows', async () => {
    expect(await migrateLedger(host.db, '0001-deliveries-and-distributions')).toEqual(['0001-deliveries-and-distributions']);
    // A row as release 1 wrote it: no source, cost or currency yet.
    const { source: _s, cost: _c, currency: _cur, ...v1 } = deliveryRow(deliveryResult({ deliveryId: 'v1--L1', leadId: 'v1-L1', price: 11 }), { intakeAt: '2026-05-01T00:00:00.000Z', currency: 'USD' }, host.protection);
    await host.db.insertInto('deliveries').values(v1 as never).execute();
    expect(await migrateLedger(host.db)).toEqual(['0002-money-returns-erasures']);
    expect(await appliedMigrations(host.db)).toEqual(['0001-deliveries-and-distributions', '0002-money-returns-erasures']);
    const row = await host.db.selectFrom('deliveries').selectAll().where('delivery_id', '=', 'v1--L1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ outcome: 'success', price: '11.0000', source: null, cost: null, credited: null, distribution_money: false });
    expect(await migrateLedger(host.db)).toEqual([]);
  });

  it('is served to other processes on a loopback port with a password, from host.json (mode 0600)', async () => {
    expect(hostFile().pid).toBe(process.pid);
    expect(readFileSync(join(dir, 'host.json')).length).toBeGreaterThan(0);
    expect((await import('node:fs')).statSync(join(dir, 'host.json')).mode & 0o077).toBe(0);
    await expect(connect('not-the-password')).rejects.toThrow(/password authentication failed/);
  });

  it('keeps concurrent clients apart: a large query split over many packets is never interleaved with another client\'s', async () => {
    const big = await connect();
    const smalls = await Promise.all([connect(), connect(), connect()]);
    const payload = 'y'.repeat(400_000);
    let done = false;
    const problems: string[] = [];
    const bigLoop = (async () => {
      for (let k = 0; k < 15; k++) {
        const r = await big.query('select length($1::text) as len, $2::int as k', [payload, k]).catch((e: Error) => problems.push(e.message));
        if (typeof r === 'object' && (r.rows[0].len !== payload.length || r.rows[0].k !== k)) problems.push(`wrong row for ${k}`);
      }
      done = true;
    })();
    await Promise.all([
      bigLoop,
      ...smalls.map(async (c, who) => {
        for (let k = 0; !done; k++) {
          const r = await c.query(`select $1::int as k, ${who} as who`, [k]).catch((e: Error) => problems.push(e.message));
          if (typeof r === 'object' && (r.rows[0].k !== k || r.rows[0].who !== who)) problems.push(`client ${who} got another's row`);
        }
      }),
    ]);
    expect(problems).toEqual([]);
    await Promise.all([big, ...smalls].map((c) => c.end()));
  }, 120_000);

  it('rolls back a transaction its client abandoned, before anyone else runs', async () => {
    const a = await connect();
    const b = await connect();
    await a.query('begin');
    await a.query("insert into operator_actions (delivery_id, at, action) values ('abandoned', now(), 'retry')");
    const waiting = b.query("select count(*)::int as n from operator_actions where delivery_id = 'abandoned'");
    // a leaves mid-transaction while b's query waits for its turn.
    const leaving = a.end();
    expect((await waiting).rows[0].n).toBe(0);
    await Promise.all([leaving, b.end()]);
  });

  it('answers `leadwire report` run in another process while this one serves it', async () => {
    await writeDelivery(host.db, deliveryRow(deliveryResult({ deliveryId: 'host--L2', destination: 'Host CRM', leadId: 'host-L2', at: '2026-05-01T10:00:00.000Z', price: 20 }), { intakeAt: '2026-05-01T10:00:00.000Z', currency: 'USD' }, host.protection));
    const written = await child(['write', 'child--L3']);
    expect(written.stderr).toBe('');
    expect(JSON.parse(written.stdout)).toEqual({ outcome: 'written', hosting: false });
    const run = await child(['report', '--by', 'destination', '--since', '2026-05-01', '--until', '2026-05-02', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed).toEqual(JSON.parse(JSON.stringify(await report(host, { by: 'destination', since: '2026-05-01', until: '2026-05-02' }))));
    expect(printed.rows.map((r: { key: string; revenue: number }) => [r.key, r.revenue])).toEqual([['Acme CRM', 11], ['Child CRM', 7], ['Host CRM', 20]]);
    const csv = await child(['report', '--by', 'day', '--since', '2026-05-01', '--until', '2026-05-02', '--csv']);
    expect(csv.stdout.split('\r\n')[1]).toMatch(/^2026-05-01,3,3,0,0,0,0,1,38,/);
  }, 180_000);

  it('is served by the next process that needs it when its host stops, or died holding the lock', async () => {
    const second = (await openLedger({ env }))!;
    expect(await second.db.selectFrom('deliveries').select('delivery_id').where('delivery_id', '=', 'host--L2').execute()).toHaveLength(1);
    await host.close();
    expect(existsSync(join(dir, 'host.json'))).toBe(false);
    // `second` was a client; its next query finds the server gone and serves the ledger itself.
    expect(await second.db.selectFrom('deliveries').select('delivery_id').orderBy('delivery_id').execute()).toHaveLength(3);
    expect(hostFile().pid).toBe(process.pid);
    await second.close();
    // A host that was killed leaves its lock behind; a process whose pid is gone holds nothing.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(join(dir, 'host.lock'), dead);
    const standalone = await child(['write', 'child--L4']);
    expect(JSON.parse(standalone.stdout)).toEqual({ outcome: 'written', hosting: true });
    expect(existsSync(join(dir, 'host.lock'))).toBe(false);
    host = (await openLedger({ env }))!;
  }, 180_000);
});
