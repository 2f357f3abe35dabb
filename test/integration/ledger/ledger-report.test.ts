import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Outcome } from '../../../src/core/delivery/outcome.js';
import type { Ledger } from '../../../src/ledger/open-ledger.js';
import { parseLedgerSettings } from '../../../src/ledger/config/load-ledger-settings.js';
import { costFor } from '../../../src/ledger/money/cost-for.js';
import { deliveryRow } from '../../../src/ledger/records/delivery-row.js';
import { distributionRows } from '../../../src/ledger/records/distribution-rows.js';
import { report } from '../../../src/ledger/reports/report-query.js';
import type { ReportDimension, ReportRow } from '../../../src/ledger/reports/report-types.js';
import { recordReturn } from '../../../src/ledger/returns/record-return.js';
import { writeDelivery } from '../../../src/ledger/writers/write-delivery.js';
import { writeDistribution } from '../../../src/ledger/writers/write-distribution.js';
import { attempt, deliveryResult, flowResult } from '../../helpers/ledger-records.js';
import { prng } from '../../helpers/seeded-random.js';
import { openTestLedger } from '../../helpers/test-ledger.js';

const SETTINGS = {
  currency: 'USD',
  default_cost: 1,
  sources: [
    { name: 'Facebook', field: 'utm', equals: 'fb', cost: 2.5 },
    { name: 'Partner', api_key: 'partner', cost: 4 },
  ],
  returns: { 'Acme CRM': { window: 7 * 86_400_000 }, Winner: { window: 7 * 86_400_000 } },
};

/** What a test lead was, as generated: the figures are computed from these, never from the ledger. */
interface Generated {
  key: Record<ReportDimension, string>;
  leadId: string;
  outcome: Outcome;
  duplicate: boolean;
  price: number;
  cost: number;
  latencyMs?: number;
  returned: boolean;
  ping?: boolean;
}

const DESTINATIONS = ['Acme CRM', 'Beta Leads', 'Gamma'];
const since = '2026-04-01T00:00:00.000Z';
const until = '2026-04-04T00:00:00.000Z';
let ledger: Ledger;
const generated: Generated[] = [];

beforeAll(async () => {
  ledger = await openTestLedger(SETTINGS);
  const rng = prng(24);
  for (let i = 0; i < 150; i++) {
    const intake = Date.parse(since) - 6 * 3600_000 + rng.int(4 * 86_400_000); // some fall outside the range on purpose
    const lead = { id: `R${i}`, utm: rng.pick(['fb', 'google', 'FB']), email: `p${i}@example.com` };
    const apiKey = rng.pick(['partner', undefined, 'web']);
    const money = costFor(lead, apiKey, parseLedgerSettings(SETTINGS));
    const destination = rng.pick(DESTINATIONS);
    const roll = rng.int(10);
    const outcome: Outcome = roll < 5 ? 'success' : roll < 7 ? 'failure' : roll < 9 ? 'error' : 'skipped';
    const duplicate = outcome === 'failure' && rng.int(3) === 0;
    const status = outcome === 'success' ? 201 : outcome === 'failure' ? 422 : 503;
    const retried = rng.int(3) === 0;
    const first = intake + 5 + rng.int(2000);
    const attempts = retried ? [attempt(1, new Date(first).toISOString(), 100, 503, 'error'), attempt(2, new Date(first + 1000).toISOString(), 40 + rng.int(500), status, outcome === 'skipped' ? 'error' : outcome)] : [attempt(1, new Date(first).toISOString(), 40 + rng.int(500), status, outcome === 'skipped' ? 'error' : outcome)];
    const last = attempts.at(-1)!;
    const price = outcome === 'success' ? 5 + rng.int(50) : 0;
    const result = deliveryResult({ deliveryId: `d-${i}`, destination, leadId: lead.id, outcome, reason: duplicate ? 'Duplicate lead' : outcome, attempts: outcome === 'skipped' ? [] : attempts, ...(price ? { price } : {}) });
    await writeDelivery(ledger.db, deliveryRow(result, { lead, intakeAt: new Date(intake).toISOString(), currency: 'USD', source: money.source, cost: money.cost }, ledger.protection));
    const inRange = intake >= Date.parse(since) && intake < Date.parse(until);
    let returned = false;
    if (outcome === 'success' && destination === 'Acme CRM' && rng.int(3) === 0) {
      await recordReturn(ledger, { deliveryId: `d-${i}`, buyer: 'Acme CRM', reason: 'bad_phone', at: new Date(intake + 86_400_000).toISOString() });
      returned = true;
    }
    if (!inRange) continue;
    generated.push({
      key: { buyer: destination, destination, source: money.source, day: new Date(intake).toISOString().slice(0, 10) },
      leadId: lead.id, outcome, duplicate, price, cost: money.cost, returned,
      ...(outcome === 'success' ? { latencyMs: Date.parse(last.startedAt) + last.durationMs - intake } : {}),
    });
  }
  // Two flows: the winner's post counts as a sale to "Winner" at its bid; the pings do not count; the lead's cost is the distribution's.
  for (const [n, bid] of [[1, 30], [2, 12]] as const) {
    const intake = `2026-04-02T0${n}:00:00.000Z`;
    const flow = flowResult(`FL${n}`, 'Winner', bid, intake);
    const post = flow.posts[0]!;
    const lead = { id: `FL${n}`, utm: 'fb' };
    await writeDistribution(ledger.db, distributionRows(flow, { lead, currency: 'USD', source: 'Facebook', cost: 2.5 }, ledger.protection));
    const postContext = { lead, intakeAt: intake, currency: 'USD', source: 'Facebook', flowStep: 'post' as const, distributionId: flow.distributionId, buyer: 'Winner' };
    await writeDelivery(ledger.db, deliveryRow(deliveryResult({ deliveryId: post.deliveryId, destination: 'Winner API', leadId: lead.id, at: intake, price: bid + 5 }), postContext, ledger.protection));
    await writeDelivery(ledger.db, deliveryRow(deliveryResult({ deliveryId: `${flow.distributionId}--winner--ping`, destination: 'Winner ping', leadId: lead.id, at: intake, price: bid }), { ...postContext, flowStep: 'ping' }, ledger.protection));
    generated.push({ key: { buyer: 'Winner', destination: 'Winner API', source: 'Facebook', day: '2026-04-02' }, leadId: lead.id, outcome: 'success', duplicate: false, price: bid, cost: 2.5, latencyMs: 250, returned: false });
  }
}, 180_000);
afterAll(() => ledger?.close());

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  return Math.round(sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (pos - lo));
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

function expected(rows: Generated[], key: string): ReportRow {
  const count = (f: (g: Generated) => boolean) => rows.filter(f).length;
  const accepted = count((g) => g.outcome === 'success');
  const rejected = count((g) => g.outcome === 'failure' && !g.duplicate);
  const errors = count((g) => g.outcome === 'error');
  const duplicates = count((g) => g.duplicate);
  const credited = round(rows.filter((g) => g.returned).reduce((s, g) => s + g.price, 0));
  const revenue = round(rows.filter((g) => g.outcome === 'success').reduce((s, g) => s + g.price, 0) - credited);
  const cost = round(rows.reduce((s, g) => s + g.cost, 0));
  const ended = accepted + rejected + errors + duplicates;
  const latencies = rows.filter((g) => g.latencyMs !== undefined).map((g) => g.latencyMs!);
  return {
    key, leads: new Set(rows.map((g) => g.leadId)).size, accepted, rejected, errors, duplicates, returned: count((g) => g.returned),
    acceptanceRate: ended === 0 ? null : Math.round((accepted / ended) * 10_000) / 10_000,
    revenue, credited, cost, margin: round(revenue - cost), currency: 'USD',
    p50IntakeTo2xxMs: percentile(latencies, 0.5), p95IntakeTo2xxMs: percentile(latencies, 0.95),
  };
}

describe('ledger report', () => {
  it.each(['buyer', 'destination', 'source', 'day'] as const)('by %s equals the figures computed from the records written', async (by) => {
    const result = await report(ledger, { by, since, until });
    const keys = [...new Set(generated.map((g) => g.key[by]))].sort();
    expect(result.rows.map((r) => r.key)).toEqual(keys);
    for (const row of result.rows) expect(row).toEqual(expected(generated.filter((g) => g.key[by] === row.key), row.key));
    expect(result.total).toEqual(expected(generated, 'total'));
  });

  it('is empty outside the range, and refuses a range that ends before it starts', async () => {
    const empty = await report(ledger, { by: 'day', since: '2030-01-01', until: '2030-01-02' });
    expect(empty.rows).toEqual([]);
    expect(empty.total).toMatchObject({ leads: 0, accepted: 0, revenue: 0, acceptanceRate: null });
    await expect(report(ledger, { by: 'day', since: until, until: since })).rejects.toMatchObject({ code: 'USAGE' });
  });
});
