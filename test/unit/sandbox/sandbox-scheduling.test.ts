import { describe, expect, it } from 'vitest';
import { EvaluationQueue } from '../../../src/sandbox/evaluation-queue.js';
import { EvaluationRecords } from '../../../src/sandbox/evaluation-records.js';
import { BusyLog } from '../../../src/sandbox/evaluation-report.js';
import { nextEvaluation, probationSize, sharedLaneOpen, sharedLaneSize, type Candidate, type Lane, type Occupancy } from '../../../src/sandbox/sandbox-scheduling.js';

// Issue 20, item 4: the sandbox's scheduling policy on its own, with no processes. Six hostile
// configs under fresh names once took both processes in turn while an ordinary render waited
// 17 to 26 s; a config named after a victim got the victim confined.

const candidate = (identity: string, extra: Partial<Candidate> = {}): Candidate => ({ identity, standing: 'new', cut: false, young: false, since: Infinity, lastServed: -1, arrival: 0, ...extra });
const idle = (processes = 2): Occupancy => ({ processes, spareReady: true, starting: 0, running: [] });
const running = (lanes: Lane[], processes = 2): Occupancy => ({ processes, spareReady: true, starting: 0, running: lanes.map((lane, i) => ({ identity: `hostile-${i}`, lane })) });
const pick = (candidates: Candidate[], occupancy: Occupancy) => {
  const next = nextEvaluation(candidates, occupancy);
  return next && `${next.candidate.identity} ${next.lane}`;
};
const fresh = (n: number, extra: Partial<Candidate> = {}) => Array.from({ length: n }, (_, i) => candidate(`fresh-${i}`, { arrival: i, ...extra }));
const ordinary = candidate('ordinary', { standing: 'good', since: 5, lastServed: 90, arrival: 1000 });

describe('the sandbox scheduling policy', () => {
  it('lets at most half the processes, at least one, run with the full time limit', () => {
    expect([1, 2, 3, 4, 8].map(sharedLaneSize)).toEqual([1, 1, 1, 2, 4]);
    expect(sharedLaneOpen(idle(2))).toBe(true);
    expect(sharedLaneOpen(running(['shared'], 2))).toBe(false);
    expect(sharedLaneOpen(running(['shared'], 4))).toBe(true);
    expect(sharedLaneOpen(running(['shared', 'shared'], 4))).toBe(false);
    // Runs cut at the fast-lane limit take no room in it.
    expect(sharedLaneOpen(running(['fast', 'probation'], 4))).toBe(true);
  });

  it('counts a process being replaced as taken, so a hostile config never gets the last ready one', () => {
    expect(sharedLaneOpen({ ...idle(2), starting: 1 })).toBe(false);
    // With one process there is nothing to keep: order alone applies.
    expect(sharedLaneOpen({ ...idle(1), starting: 1 })).toBe(true);
  });

  it('runs an ordinary config with a good record at once, however many fresh hostile configs wait', () => {
    // One hostile evaluation holds the shared lane, another is on probation beside it (both
    // processes busy); a process frees up: the good record goes first, in the fast lane.
    expect(pick([...fresh(1000), ordinary], running(['shared', 'probation'], 3))).toBe('ordinary fast');
    expect(pick([...fresh(1000), ordinary], running(['shared'])))
      .toBe('ordinary fast');
    expect(pick([...fresh(1000), ordinary], idle())).toBe('ordinary fast');
  });

  it('gives a new config probation beside a full shared lane: one at a time, and cut', () => {
    expect(pick(fresh(3), idle())).toBe('fresh-0 shared');
    expect(pick(fresh(3), running(['shared']))).toBe('fresh-0 probation');
    expect(pick(fresh(3), running(['shared', 'probation'], 3))).toBeUndefined();
    // Only once per evaluation: cut, it waits for the shared lane.
    expect(pick([candidate('again', { cut: true })], running(['shared']))).toBeUndefined();
    // Not for configs that overran and never finished, nor for those with a mixed record.
    expect(pick([candidate('failing', { standing: 'failing' }), candidate('mixed', { standing: 'mixed', since: 1 })], running(['shared']))).toBeUndefined();
    // Not while no spare is ready to replace a cut process at once (nor when nothing is cut, and so no spare is kept).
    expect(pick(fresh(3), { ...running(['shared']), spareReady: false })).toBeUndefined();
    // With one process, the shared lane is all there is.
    expect([0, 1, 2, 3, 4, 8].map(probationSize)).toEqual([0, 0, 1, 1, 1, 3]);
  });

  it('runs a good record younger than the season on probation: one at a time beside the shared lane', () => {
    const young = (name: string, since: number) => candidate(name, { standing: 'good', young: true, since });
    expect(pick([young('warmed', 100)], idle())).toBe('warmed probation');
    // No spare ready to replace it if it were cut: the shared lane, if it has room, else wait.
    expect(pick([young('warmed', 100)], { ...idle(), spareReady: false })).toBe('warmed shared');
    expect(pick([young('warmed', 100)], { ...running(['shared']), spareReady: false })).toBeUndefined();
    // The probation slot taken: the shared lane, if it has room, else wait.
    expect(pick([young('warmed', 100)], running(['probation'], 3))).toBe('warmed shared');
    expect(pick([young('warmed', 100)], running(['shared', 'probation'], 3))).toBeUndefined();
    // A seasoned record still runs at once, in the fast lane.
    expect(pick([young('warmed', 100), ordinary], running(['shared', 'probation'], 3))).toBe('ordinary fast');
    // Young records go before new configs for the probation slot, the older first.
    expect(pick([...fresh(3), young('b', 200), young('a', 100)], running(['shared']))).toBe('a probation');
  });

  it('orders by standing: good, then mixed, then new, then failing', () => {
    const all = [candidate('failing', { standing: 'failing', arrival: 0 }), candidate('new', { arrival: 1 }), candidate('mixed', { standing: 'mixed', since: 1, arrival: 2 }), candidate('good', { standing: 'good', since: 9, arrival: 3 })];
    expect(pick(all, idle())).toBe('good fast');
    expect(pick(all.slice(0, 3), idle())).toBe('mixed shared');
    expect(pick(all.slice(0, 2), idle())).toBe('new shared');
    // A good record's evaluation cut once runs in the shared lane, as a mixed one.
    expect(pick([candidate('cut', { standing: 'good', cut: true, since: 1, arrival: 0 }), candidate('mixed', { standing: 'mixed', since: 2, arrival: 1 })], idle())).toBe('cut shared');
  });

  it('gives each identity a fair share: one with nothing running goes before one that has', () => {
    const busy: Occupancy = { processes: 4, spareReady: true, starting: 0, running: [{ identity: 'heavy', lane: 'fast' }] };
    const heavy = candidate('heavy', { standing: 'good', since: 1, lastServed: 1, arrival: 1 });
    const light = candidate('light', { standing: 'good', since: 50, lastServed: 50, arrival: 9 });
    expect(pick([heavy, light], busy)).toBe('light fast');
  });

  it('puts an old good record before one a fresh config just earned', () => {
    const warmed = Array.from({ length: 6 }, (_, i) => candidate(`warmed-${i}`, { standing: 'good', since: 500 + i, lastServed: i, arrival: i }));
    expect(pick([...warmed, ordinary], idle())).toBe('ordinary fast');
  });

  it('among configs without a record, serves the one never served first, then the least recently served', () => {
    const served = [candidate('a', { lastServed: 7, arrival: 1 }), candidate('b', { lastServed: 3, arrival: 2 })];
    expect(pick(served, idle())).toBe('b shared');
    expect(pick([...served, candidate('never', { arrival: 3 })], idle())).toBe('never shared');
  });
});

describe('what the sandbox remembers of a config', () => {
  const settings = { fastLaneMs: 500, halfLifeMs: 600_000, maxIdentities: 100 };

  it('gives a good record only to a config that finished within budget, typically fast', () => {
    const records = new EvaluationRecords(settings);
    expect(records.standing('a')).toBe('new');
    records.served('a', 1, 0);
    expect(records.standing('a')).toBe('new');
    records.overran('a', 0);
    expect(records.standing('a')).toBe('failing');
    records.finished('b', 20, 0);
    expect(records.standing('b')).toBe('good');
    records.finished('c', 900, 0);
    expect(records.standing('c')).toBe('mixed');
    records.finished('c', 30, 1);
    expect(records.standing('c')).toBe('good');
    // One slow finish (a loaded machine, a cold process) does not make a fast config slow; a run of them does.
    for (let t = 0; t < 3; t++) records.finished('d', 5, t);
    records.finished('d', 800, 3);
    expect(records.standing('d')).toBe('good');
    records.finished('d', 800, 4);
    expect(records.standing('d')).toBe('mixed');
  });

  it('does not erase a victim\'s good record for one overrun of an exact copy of its config', () => {
    // Same config, same identity: the copy's overrun is counted against the config, beside
    // the victim's many finishes; it takes as many overruns as finishes to lose the record.
    const records = new EvaluationRecords(settings);
    for (let t = 0; t < 20; t++) records.finished('victim', 15, t * 1000);
    records.overran('victim', 21_000);
    records.overran('victim', 22_000);
    expect(records.standing('victim')).toBe('good');
    for (let t = 0; t < 20; t++) records.overran('victim', 23_000 + t);
    expect(records.standing('victim')).toBe('mixed');
  });

  it('takes the record from a config that finished once and then overran (a warmed-up attack)', () => {
    const records = new EvaluationRecords(settings);
    records.finished('warmed', 5, 0);
    expect(records.standing('warmed')).toBe('good');
    records.overran('warmed', 10);
    expect(records.standing('warmed')).toBe('mixed');
  });

  it('weighs recent events over old ones with the half-life', () => {
    const records = new EvaluationRecords(settings);
    records.finished('x', 5, 0);
    records.finished('x', 5, 0);
    records.overran('x', 0);
    expect(records.standing('x')).toBe('good');
    // Ten half-lives later the old finishes count for little against a fresh overrun.
    records.overran('x', 6_000_000);
    expect(records.standing('x')).toBe('mixed');
  });

  it('stays bounded under unlimited fresh identities, without forgetting configs that finished', () => {
    const records = new EvaluationRecords({ ...settings, maxIdentities: 10 });
    records.finished('victim', 5, 0);
    for (let i = 0; i < 10_000; i++) records.overran(`fresh-${i}`, i);
    expect(records.size).toEqual({ proven: 1, unproven: 10 });
    expect(records.standing('victim')).toBe('good');
    expect(records.order('victim').since).toBe(0);
  });

  it('remembers when each identity was last served and since when it has a record', () => {
    const records = new EvaluationRecords(settings);
    expect(records.order('x')).toEqual({ since: Infinity, lastServed: -1 });
    records.served('x', 4, 10);
    records.finished('x', 5, 12);
    expect(records.order('x')).toEqual({ since: 12, lastServed: 4 });
  });
});

describe('the queue and the record of what a waiting evaluation waited behind', () => {
  it('keeps first come first served within an identity, an evaluation put back after a cut in its place', () => {
    const queue = new EvaluationQueue<{ id: number; identity: string }>();
    for (const [id, identity] of [[1, 'a'], [2, 'b'], [4, 'a']] as const) queue.push({ id, identity });
    queue.push({ id: 3, identity: 'a' });
    expect(queue.heads().map((t) => t.id)).toEqual([1, 2]);
    expect([queue.take('a'), queue.take('a'), queue.take('a'), queue.take('a')].map((t) => t?.id)).toEqual([1, 3, 4, undefined]);
    expect(queue.size).toBe(1);
    expect(queue.drain().map((t) => t.id)).toEqual([2]);
  });

  it('lists each moment every process was held while an evaluation waited, the current one included', () => {
    const log = new BusyLog(3);
    log.note([1, 2]);
    const mark = log.mark;
    log.note([1, 2]);
    log.note([2, 3]);
    log.note(undefined);
    log.note([4, 5]);
    expect(log.since(mark)).toEqual([
      [1, 2],
      [2, 3],
      [4, 5],
    ]);
    // Queued while every process is held: that moment counts; queued while one is free: it does not.
    expect(log.since(log.mark)).toEqual([[4, 5]]);
    log.note(undefined);
    expect(log.since(log.mark)).toEqual([]);
    log.note([5, 6]);
    // The log keeps the last three moments.
    expect(log.since(0)).toEqual([
      [2, 3],
      [4, 5],
      [5, 6],
    ]);
  });
});
