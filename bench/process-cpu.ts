import { readdir, readFile } from 'node:fs/promises';
import { readClusterState, SERVICE_NAMES } from '../scripts/cluster/cluster.js';
import { postgresPid } from '../scripts/cluster/postgres.js';
import { postgresPaths } from '../scripts/cluster/postgres-paths.js';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  ppid: number;
  /** User plus system CPU seconds, with the reaped children's. */
  cpuSeconds: number;
}

/** /proc/<pid>/stat: fields after the command name (which may hold spaces) are state, ppid, ... utime (14), stime, cutime, cstime. */
async function procStat(pid: number): Promise<ProcStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(rest[i] ?? 0), 0);
  return { ppid: Number(rest[1]), cpuSeconds: ticks / TICKS_PER_SECOND };
}

/** Named groups of processes whose CPU time the bench reads around a scenario. */
export type ProcessGroups = Record<string, () => Promise<number[]>>;

/** A process and every live child of it (PostgreSQL's backends are the postmaster's children). */
async function withChildren(pid: number): Promise<number[]> {
  const pids = [pid];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await procStat(Number(entry));
    if (stat?.ppid === pid) pids.push(Number(entry));
  }
  return pids;
}

/** The cluster's processes: PostgreSQL (postmaster and backends) and the four Temporal services. */
export function clusterProcessGroups(): ProcessGroups {
  const state = readClusterState();
  const groups: ProcessGroups = {
    postgres: async () => {
      const pid = postgresPid(postgresPaths(state?.postgres));
      return pid ? withChildren(pid) : [];
    },
  };
  for (const name of SERVICE_NAMES) {
    const pid = state?.services[name]?.pid;
    // `worker` is Temporal's own system worker service, not leadwire's.
    groups[name === 'worker' ? 'temporal-worker' : name] = async () => (pid ? [pid] : []);
  }
  return groups;
}

/** A process with its children (a leadwire worker and its sandbox processes), as one group. */
export const processTree = (pid: number) => () => withChildren(pid);

/** CPU seconds each group has used so far (live processes, plus children they reaped). */
export async function cpuSnapshot(groups: ProcessGroups): Promise<Record<string, Map<number, number>>> {
  const snapshot: Record<string, Map<number, number>> = {};
  for (const [name, pidsOf] of Object.entries(groups)) {
    const times = new Map<number, number>();
    for (const pid of await pidsOf()) {
      const stat = await procStat(pid);
      if (stat) times.set(pid, stat.cpuSeconds);
    }
    snapshot[name] = times;
  }
  return snapshot;
}

/**
 * CPU seconds each group used between two snapshots, counted per process: a process that
 * started in between counts from zero, one that ended in between is lost (PostgreSQL's pooled
 * backends live for the whole run, and its postmaster counts those it reaped).
 */
export function cpuBetween(before: Record<string, Map<number, number>>, after: Record<string, Map<number, number>>): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [name, times] of Object.entries(after)) {
    let sum = 0;
    for (const [pid, seconds] of times) sum += seconds - (before[name]?.get(pid) ?? 0);
    used[name] = Math.round(sum * 100) / 100;
  }
  return used;
}

/** Runs `fn` and returns its value with the CPU seconds each group used meanwhile. */
export async function measureCpu<T>(groups: ProcessGroups, fn: () => Promise<T>): Promise<{ value: T; cpuSeconds: Record<string, number> }> {
  const before = await cpuSnapshot(groups);
  const value = await fn();
  return { value, cpuSeconds: cpuBetween(before, await cpuSnapshot(groups)) };
}
