import { describe, expect, it } from 'vitest';
import type { CapWindows } from '../../../src/contract/cap-records.js';
import type { ReserveCapRequest } from '../../../src/contract/workflow-messages.js';
import { CONTRACT_VERSION as v } from '../../../src/contract/version.js';
import { capWindows } from '../../../src/core/flows/cap-ledger.js';
import { capWorkflowIdFor } from '../../../src/core/flows/flow-ids.js';
import { capLedgerQuery, confirmCapUpdate, releaseCapUpdate, reserveCapUpdate } from '../../../src/shared/flow-messages.js';
import type { buyerCaps } from '../../../src/workflows/buyer-caps.js';
import { waitFor } from '../../helpers/eventually.js';
import { useStubWorker } from '../../helpers/stub-worker.js';
import { unique } from './workflow-inputs.js';

// A buyer's cap entity workflow (src/workflows/buyer-caps.ts), driven the way the cap
// activities drive it: reserve before a post, confirm or release after it, the windows from the
// activity's clock (here written out: 14:00 and 15:00 on 30 November, then 1 December, in UTC).
const file = useStubWorker();

const at = (iso: string): CapWindows => capWindows(iso, 'UTC');
const NOV_30_14H = at('2026-11-30T14:10:00Z');
const NOV_30_15H = at('2026-11-30T15:05:00Z');
const DEC_1_09H = at('2026-12-01T09:00:00Z');

async function startCaps(maxHistory?: number) {
  const buyer = unique('Capped Buyer');
  const handle = await file.env.client.workflow.start<typeof buyerCaps>('buyerCaps', {
    taskQueue: file.taskQueue,
    workflowId: capWorkflowIdFor(buyer),
    args: [{ v, buyer, ...(maxHistory !== undefined ? { maxHistory } : {}) }],
  });
  const reserve = (id: string, windows: CapWindows, caps: ReserveCapRequest['caps']) => handle.executeUpdate(reserveCapUpdate, { args: [{ v, id, windows, caps }] });
  const settle = (update: typeof confirmCapUpdate | typeof releaseCapUpdate, id: string) => handle.executeUpdate(update, { args: [{ v, id }] });
  return { handle, reserve, confirm: (id: string) => settle(confirmCapUpdate, id), release: (id: string) => settle(releaseCapUpdate, id) };
}

describe('buyerCaps: one buyer\'s caps', () => {
  it('grants places up to the cap, then refuses, naming the cap and the window; the same reservation twice counts once', async () => {
    const caps = await startCaps();
    const perHour = { per_hour: 2 };
    expect(await caps.reserve('lead-1', NOV_30_14H, perHour)).toEqual({ granted: true });
    expect(await caps.reserve('lead-1', NOV_30_14H, perHour)).toEqual({ granted: true });
    expect(await caps.reserve('lead-2', NOV_30_14H, perHour)).toEqual({ granted: true });
    expect(await caps.reserve('lead-3', NOV_30_14H, perHour)).toEqual({ granted: false, reason: 'cap reached: 2 per hour (2026-11-30T14)' });
    const ledger = await caps.handle.query(capLedgerQuery);
    expect(ledger.counts).toEqual({ 'hour:2026-11-30T14': 2, 'day:2026-11-30': 2, 'month:2026-11': 2 });
    await caps.handle.terminate('test done');
  });

  it('a released place is free again; a confirmed sale stays counted and cannot be released', async () => {
    const caps = await startCaps();
    const perDay = { per_day: 2 };
    await caps.reserve('sold', NOV_30_14H, perDay);
    await caps.reserve('rejected', NOV_30_14H, perDay);
    expect(await caps.confirm('sold')).toBe(true);
    expect(await caps.release('rejected')).toBe(true);
    expect(await caps.release('sold')).toBe(false);
    expect(await caps.reserve('next', NOV_30_15H, perDay)).toEqual({ granted: true });
    expect(await caps.reserve('one-too-many', NOV_30_15H, perDay)).toEqual({ granted: false, reason: 'cap reached: 2 per day (2026-11-30)' });
    const ledger = await caps.handle.query(capLedgerQuery);
    expect(ledger.reservations).toEqual({ sold: { windows: NOV_30_14H, state: 'confirmed' }, next: { windows: NOV_30_15H, state: 'held' } });
    await caps.handle.terminate('test done');
  });

  it('counts each window on its own: a full hour leaves the next hour free, and a new month drops the old counts', async () => {
    const caps = await startCaps();
    const limits = { per_hour: 1, per_day: 2 };
    expect((await caps.reserve('a', NOV_30_14H, limits)).granted).toBe(true);
    expect((await caps.reserve('b', NOV_30_14H, limits)).granted).toBe(false);
    expect((await caps.reserve('c', NOV_30_15H, limits)).granted).toBe(true);
    // The day is full too now, whatever the hour.
    expect(await caps.reserve('d', at('2026-11-30T16:00:00Z'), limits)).toEqual({ granted: false, reason: 'cap reached: 2 per day (2026-11-30)' });
    expect((await caps.reserve('e', DEC_1_09H, limits)).granted).toBe(true);
    const ledger = await caps.handle.query(capLedgerQuery);
    expect(ledger.counts).toEqual({ 'hour:2026-12-01T09': 1, 'day:2026-12-01': 1, 'month:2026-12': 1 });
    expect(Object.keys(ledger.reservations)).toEqual(['e']);
    await caps.handle.terminate('test done');
  });

  it('continues as new when its history grows, and keeps its counts and reservations', async () => {
    const caps = await startCaps(40);
    const firstRun = (await caps.handle.describe()).runId;
    const perMonth = { per_month: 100 };
    let reserved = 0;
    while ((await caps.handle.describe()).runId === firstRun) {
      if (reserved >= 30) throw new Error('still on its first run after 30 reservations: it never continued as new');
      await caps.reserve(`lead-${++reserved}`, NOV_30_14H, perMonth);
    }
    const latest = file.env.client.workflow.getHandle(caps.handle.workflowId);
    const ledger = await waitFor('the ledger on the new run', () => latest.query(capLedgerQuery), (l) => l.counts['month:2026-11'] !== undefined);
    expect(ledger.counts['month:2026-11']).toBe(reserved);
    expect(Object.keys(ledger.reservations)).toHaveLength(reserved);
    // The next reservation counts on from there, and the first run's history ends continued as new.
    await latest.executeUpdate(reserveCapUpdate, { args: [{ v, id: 'after', windows: NOV_30_14H, caps: perMonth }] });
    expect((await latest.query(capLedgerQuery)).counts['month:2026-11']).toBe(reserved + 1);
    const first = await file.env.client.workflow.getHandle(caps.handle.workflowId, firstRun).fetchHistory();
    expect(first.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    await latest.terminate('test done');
  });
});
