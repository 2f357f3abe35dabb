import type { Standing } from './evaluation-records.js';

/**
 * Where an evaluation runs:
 * - `fast`: a config with a seasoned good record (older than the season, ten minutes), on any
 *   process, cut at the fast-lane limit;
 * - `probation`: on a process outside the shared lane, cut at the fast-lane limit, at most
 *   `probationSize` at once, and only while a started spare process would take a cut one's place
 *   at once: a config whose good record is younger than the season, or a new config (never
 *   finished, never overran) while the shared lane is full;
 * - `shared`: everything else, with the full time limit, on at most `sharedLaneSize` processes.
 * A cut evaluation is not failed: it runs again from the start in the shared lane.
 */
export type Lane = 'fast' | 'probation' | 'shared';

/** The first waiting evaluation of one identity, as the scheduler sees it. */
export interface Candidate {
  identity: string;
  /** Its config's standing (src/sandbox/evaluation-records.ts). */
  standing: Standing;
  /** Whether this evaluation was cut from the fast lane or probation once: it now runs only in the shared lane. */
  cut: boolean;
  /**
   * Whether its good record is younger than the season: an attacker can give a fresh config a
   * good record with one harmless lead, but not an old one, so such configs share probation.
   */
  young: boolean;
  /** When its config first finished within budget (an older record goes first); Infinity if never. */
  since: number;
  /** The dispatch number of its identity's last evaluation started (least recently served first); -1 if never. */
  lastServed: number;
  /** When it was queued, as a sequence number (first come, first served last of all). */
  arrival: number;
}

/** What the sandbox's processes are doing. */
export interface Occupancy {
  processes: number;
  /**
   * Whether a started spare process would replace a cut one at once. Only then does anything run
   * on probation: its cut then costs the process kept for good records no process start.
   */
  spareReady: boolean;
  /** Processes starting (each replaces one that was killed or died). */
  starting: number;
  /** Every evaluation running: whose, and in which lane. */
  running: readonly { identity: string; lane: Lane }[];
}

/**
 * How many processes may run evaluations with the full time limit at once: half of them, at
 * least one. The others run only evaluations cut at the fast-lane limit.
 */
export function sharedLaneSize(processes: number): number {
  return Math.max(1, Math.floor(processes / 2));
}

/** How many processes may run evaluations on probation at once: all outside the shared lane but one, at least one (none with one process). */
export function probationSize(processes: number): number {
  return processes <= 1 ? 0 : Math.max(1, processes - sharedLaneSize(processes) - 1);
}

/**
 * Whether the shared lane has room. A process being started counts as taken: it is most often
 * the replacement of one that a hostile evaluation got killed, and the idle process beside it is
 * the one kept for configs with a good record. With one process, order alone applies.
 */
export function sharedLaneOpen(occupancy: Occupancy): boolean {
  const shared = count(occupancy, 'shared') + (occupancy.processes > 1 ? occupancy.starting : 0);
  return shared < sharedLaneSize(occupancy.processes);
}

/** The lane a candidate would run in now, or none while it must wait. */
function laneFor(candidate: Candidate, occupancy: Occupancy): Lane | undefined {
  const good = candidate.standing === 'good' && !candidate.cut;
  const probation = occupancy.spareReady && count(occupancy, 'probation') < probationSize(occupancy.processes);
  if (good && !candidate.young) return 'fast';
  if (good && probation) return 'probation';
  if (sharedLaneOpen(occupancy)) return 'shared';
  if (candidate.standing === 'new' && !candidate.cut && probation) return 'probation';
  return undefined;
}

const RANK: Record<Standing, number> = { good: 0, mixed: 1, new: 2, failing: 3 };

/**
 * Which evaluation a free process runs next, and in which lane, or none. The policy (issue 20,
 * item 4):
 * - A config with a seasoned good record runs in the fast lane, on any free process; the shared
 *   lane (the full time limit) holds at most `sharedLaneSize` processes, so configs without a
 *   good record — however many, under however many fresh names — never hold every process, and
 *   whatever else a good config can wait behind is cut at the fast-lane limit.
 * - By standing: good, then mixed, then new, then failing (overran, never finished).
 * - Then fair shares: an identity with fewer evaluations running goes first, so one config
 *   cannot hold every process while another waits.
 * - Then the older record (an identity minted a minute ago does not go ahead of one that has
 *   delivered for a week), then the identity served least recently, then first come.
 */
export function nextEvaluation<C extends Candidate>(candidates: readonly C[], occupancy: Occupancy): { candidate: C; lane: Lane } | undefined {
  const running = new Map<string, number>();
  for (const r of occupancy.running) running.set(r.identity, (running.get(r.identity) ?? 0) + 1);
  let best: { candidate: C; lane: Lane } | undefined;
  let bestKey: number[] = [];
  for (const candidate of candidates) {
    const lane = laneFor(candidate, occupancy);
    if (!lane) continue;
    const standing = candidate.standing === 'good' && candidate.cut ? 'mixed' : candidate.standing;
    const key = [RANK[standing], running.get(candidate.identity) ?? 0, candidate.since, candidate.lastServed, candidate.arrival];
    if (!best || before(key, bestKey)) {
      best = { candidate, lane };
      bestKey = key;
    }
  }
  return best;
}

function count(occupancy: Occupancy, lane: Lane): number {
  return occupancy.running.filter((r) => r.lane === lane).length;
}

function before(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}
