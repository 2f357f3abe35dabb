// How fast the ledger takes delivery writes: sequential (one worker slot) and 8 at a time, on the
// embedded ledger (PGlite behind its loopback server) and, with LEADWIRE_LEDGER_URL=postgres://...
// and LEADWIRE_LEDGER_KEY, on PostgreSQL. Run: node --import tsx bench/ledger-writes.ts [count]
import { openLedger } from '../src/ledger/open-ledger.js';
import { deliveryRow } from '../src/ledger/records/delivery-row.js';
import { writeDelivery } from '../src/ledger/writers/write-delivery.js';

const count = Number(process.argv[2] ?? 500);
const env = { ...process.env, LEADWIRE_LEDGER_URL: process.env.LEADWIRE_LEDGER_URL ?? 'pglite:memory' };
const started = performance.now();
const ledger = (await openLedger({ env }))!;
console.log(`ledger: ${ledger.where}; open and migrate ${Math.round(performance.now() - started)} ms`);
const run = `${Date.now()}`;
const row = (i: number) => {
  const at = new Date().toISOString();
  return deliveryRow(
    { deliveryId: `bench-${run}-${i}`, destination: 'Bench CRM', leadId: `L${i}`, outcome: 'success', reason: 'ok', fields: {}, price: 10, attempts: [{ attempt: 1, startedAt: at, durationMs: 50, url: 'http://127.0.0.1/', status: 200, outcome: 'success', reason: 'ok' }] },
    { intakeAt: at, currency: 'USD', lead: { email: `p${i}@example.com`, state: 'CA' } },
    ledger.protection,
  );
};
const latencies: number[] = [];
let t = performance.now();
for (let i = 0; i < count; i++) {
  const s = performance.now();
  await writeDelivery(ledger.db, row(i));
  latencies.push(performance.now() - s);
}
const sequential = performance.now() - t;
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(2);
console.log(`sequential: ${count} writes in ${Math.round(sequential)} ms (${Math.round((count / sequential) * 1000)}/s), p50 ${q(0.5)} ms, p95 ${q(0.95)} ms`);
t = performance.now();
let next = count;
await Promise.all(Array.from({ length: 8 }, async () => {
  while (next < 2 * count) await writeDelivery(ledger.db, row(next++));
}));
const concurrent = performance.now() - t;
console.log(`8 at a time: ${count} writes in ${Math.round(concurrent)} ms (${Math.round((count / concurrent) * 1000)}/s)`);
await ledger.close();
