/**
 * Where a config stands with the sandbox, from how its evaluations ended (the lanes are in
 * src/sandbox/sandbox-scheduling.ts):
 * - `good`: it has finished within budget, typically fast, and it has finished more often than
 *   it overran (both counted with a half-life). The fast lane: any process.
 * - `mixed`: it has finished within budget, but typically slowly, or it overran at least as
 *   often as it finished. The shared lane, ahead of configs that never finished.
 * - `new`: it has neither finished nor overran (nothing remembered). The shared lane, or
 *   probation beside it.
 * - `failing`: it overran and never finished. The shared lane, last.
 */
export type Standing = 'good' | 'mixed' | 'new' | 'failing';

interface RecordSettings {
  /** A config whose finishes typically take longer than this, in milliseconds, is not `good`. */
  fastLaneMs: number;
  /** Half-life of the finishes and overruns a record counts, in milliseconds. */
  halfLifeMs: number;
  /** Most identities remembered of each kind (with and without a finish); the least recently used go first. */
  maxIdentities: number;
}

export const DEFAULT_RECORD_HALF_LIFE_MS = 10 * 60_000;
export const DEFAULT_MAX_IDENTITIES = 10_000;

interface IdentityRecord {
  /** When an evaluation of it first finished within budget (remembered while the record is). */
  firstFinishedAt?: number;
  /** Finishes and overruns, each decayed by the half-life to `at`. */
  finishes: number;
  overruns: number;
  at: number;
  /**
   * How long its finishes typically take: each finish moves it halfway to its own duration, so
   * one slow run (a loaded machine) does not make a fast config slow, and a slow config is
   * slow after two or three.
   */
  typicalMs?: number;
  /** The dispatch number of its last evaluation started; -1 if none. */
  lastServed: number;
}

/**
 * What the sandbox remembers of each identity (src/sandbox/evaluation-identity.ts), in memory,
 * per worker. Bounded: an attacker minting fresh configs fills only the `unproven` side, whose
 * oldest entries are forgotten first, and cannot push out a record of a config that finished
 * unless its own configs finish too. Time is passed in; nothing here reads a clock.
 */
export class EvaluationRecords {
  private readonly proven = new Map<string, IdentityRecord>();
  private readonly unproven = new Map<string, IdentityRecord>();

  constructor(private readonly settings: RecordSettings) {}

  standing(identity: string): Standing {
    const record = this.proven.get(identity);
    if (!record) return (this.unproven.get(identity)?.overruns ?? 0) > 0 ? 'failing' : 'new';
    // Both counts decay alike, so which is larger does not change with time alone.
    return (record.typicalMs ?? 0) > this.settings.fastLaneMs || record.overruns >= record.finishes ? 'mixed' : 'good';
  }

  /** What orders evaluations of one standing: an older record first, then the one served least recently. */
  order(identity: string): { since: number; lastServed: number } {
    const record = this.proven.get(identity) ?? this.unproven.get(identity);
    return { since: record?.firstFinishedAt ?? Infinity, lastServed: record?.lastServed ?? -1 };
  }

  served(identity: string, dispatch: number, now: number): void {
    this.touch(identity, now).lastServed = dispatch;
  }

  /** An evaluation ended within the time and memory limits (with a value or an error of its own). */
  finished(identity: string, durationMs: number, now: number): void {
    const record = this.touch(identity, now);
    record.finishes += 1;
    record.typicalMs = record.typicalMs === undefined ? durationMs : (record.typicalMs + durationMs) / 2;
    if (record.firstFinishedAt === undefined) {
      record.firstFinishedAt = now;
      this.unproven.delete(identity);
      this.remember(this.proven, identity, record);
    }
  }

  /** An evaluation was stopped at the time or memory limit, or its process died under it. */
  overran(identity: string, now: number): void {
    this.touch(identity, now).overruns += 1;
  }

  /** Identities remembered, with and without a finish. */
  get size(): { proven: number; unproven: number } {
    return { proven: this.proven.size, unproven: this.unproven.size };
  }

  private touch(identity: string, now: number): IdentityRecord {
    const side = this.proven.has(identity) ? this.proven : this.unproven;
    const record = side.get(identity) ?? { finishes: 0, overruns: 0, at: now, lastServed: -1 };
    const decay = 2 ** (-Math.max(0, now - record.at) / this.settings.halfLifeMs);
    record.finishes *= decay;
    record.overruns *= decay;
    record.at = now;
    this.remember(side, identity, record);
    return record;
  }

  /** Puts the record last in its map's order (most recently used), forgetting the least recently used past the limit. */
  private remember(side: Map<string, IdentityRecord>, identity: string, record: IdentityRecord): void {
    side.delete(identity);
    side.set(identity, record);
    if (side.size > this.settings.maxIdentities) side.delete(side.keys().next().value!);
  }
}
