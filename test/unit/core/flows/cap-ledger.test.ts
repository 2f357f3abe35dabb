import { describe, expect, it } from 'vitest';
import { capUsage, capWindows, confirmCap, emptyCapLedger, releaseCap, reserveCap } from '../../../../src/core/flows/cap-ledger.js';

const at = (iso: string, tz = 'UTC') => capWindows(iso, tz);

describe('cap windows', () => {
  it('are the calendar hour, day and month in the caps’ time zone', () => {
    expect(at('2026-11-30T14:05:00Z')).toEqual({ hour: '2026-11-30T14', day: '2026-11-30', month: '2026-11' });
    // 03:30 UTC on 1 December is still 30 November, 22:30, in New York.
    expect(at('2026-12-01T03:30:00Z', 'America/New_York')).toEqual({ hour: '2026-11-30T22', day: '2026-11-30', month: '2026-11' });
    expect(at('2026-12-31T23:30:00Z', 'Asia/Tokyo')).toEqual({ hour: '2027-01-01T08', day: '2027-01-01', month: '2027-01' });
  });
});

describe('cap ledger', () => {
  it('grants exactly the cap, refusing the rest with the cap that is full', () => {
    const ledger = emptyCapLedger();
    const windows = at('2026-11-30T14:05:00Z');
    const decisions = Array.from({ length: 200 }, (_, i) => reserveCap(ledger, { id: `lead-${i}`, windows, caps: { per_day: 50 } }));
    expect(decisions.filter((d) => d.granted)).toHaveLength(50);
    expect(decisions[50]).toEqual({ granted: false, reason: 'cap reached: 50 per day (2026-11-30)' });
    expect(capUsage(ledger, windows).day).toBe(50);
  });

  it('checks every cap: the hour can be full while the day has room', () => {
    const ledger = emptyCapLedger();
    const caps = { per_hour: 2, per_day: 3 };
    expect(reserveCap(ledger, { id: '1', windows: at('2026-11-30T14:00:00Z'), caps }).granted).toBe(true);
    expect(reserveCap(ledger, { id: '2', windows: at('2026-11-30T14:10:00Z'), caps }).granted).toBe(true);
    expect(reserveCap(ledger, { id: '3', windows: at('2026-11-30T14:20:00Z'), caps })).toEqual({ granted: false, reason: 'cap reached: 2 per hour (2026-11-30T14)' });
    expect(reserveCap(ledger, { id: '3', windows: at('2026-11-30T15:00:00Z'), caps }).granted).toBe(true);
    expect(reserveCap(ledger, { id: '4', windows: at('2026-11-30T16:00:00Z'), caps })).toEqual({ granted: false, reason: 'cap reached: 3 per day (2026-11-30)' });
    expect(reserveCap(ledger, { id: '4', windows: at('2026-12-01T00:00:00Z'), caps }).granted).toBe(true);
  });

  it('reserving twice with one id is one place (a retried activity)', () => {
    const ledger = emptyCapLedger();
    const windows = at('2026-11-30T14:05:00Z');
    expect(reserveCap(ledger, { id: 'x', windows, caps: { per_day: 1 } }).granted).toBe(true);
    expect(reserveCap(ledger, { id: 'x', windows, caps: { per_day: 1 } }).granted).toBe(true);
    expect(reserveCap(ledger, { id: 'y', windows, caps: { per_day: 1 } }).granted).toBe(false);
  });

  it('a released place is free again; a confirmed one is not released', () => {
    const ledger = emptyCapLedger();
    const windows = at('2026-11-30T14:05:00Z');
    reserveCap(ledger, { id: 'a', windows, caps: { per_day: 1 } });
    expect(releaseCap(ledger, 'a')).toBe(true);
    expect(releaseCap(ledger, 'a')).toBe(false);
    expect(reserveCap(ledger, { id: 'b', windows, caps: { per_day: 1 } }).granted).toBe(true);
    expect(confirmCap(ledger, 'b')).toBe(true);
    expect(releaseCap(ledger, 'b')).toBe(false);
    expect(capUsage(ledger, windows).day).toBe(1);
  });

  it('forgets past months, so an entity that runs for years stays small', () => {
    const ledger = emptyCapLedger();
    reserveCap(ledger, { id: 'old', windows: at('2026-10-31T10:00:00Z'), caps: { per_month: 5 } });
    reserveCap(ledger, { id: 'new', windows: at('2026-11-01T10:00:00Z'), caps: { per_month: 5 } });
    expect(Object.keys(ledger.reservations)).toEqual(['new']);
    expect(Object.keys(ledger.counts).sort()).toEqual(['day:2026-11-01', 'hour:2026-11-01T10', 'month:2026-11']);
  });
});
