import type { Outcomes, Switched } from './current-phase.js';
import type { ReleaseWorker } from './release-processes.js';
import type { TouchedRun } from './touched-workflows.js';
import type { Arrival, UpgradeReceiver } from './upgrade-receiver.js';
import type { DeliveryRecord, FlowRecord, StartedOnPrevious, UpgradeContext } from './upgrade-context.js';

const statuses = (r: { attempts: { status?: number }[] }) => r.attempts.map((a) => a.status ?? 'lost').join(',');

/** Each scenario ended as it should: the outcome, the attempts, who acted, and who bought. */
export function checkOutcomes(ctx: UpgradeContext, o: Outcomes, switched: Switched): string[] {
  const { configs: c } = ctx;
  const problems: string[] = [];
  const expect = (ok: boolean, problem: string) => void (ok || problems.push(problem));
  const delivered = (r: DeliveryRecord, attempts: string, operator: string | undefined, what: string) => {
    expect(r.outcome === 'success', `${what} ${r.deliveryId} ended ${r.outcome}: ${r.reason}`);
    expect(statuses(r) === attempts, `${what} ${r.deliveryId}: attempts answered ${statuses(r)}, expected ${attempts}`);
    expect(r.operatorActions?.[0]?.action === operator, `${what} ${r.deliveryId}: operator action ${r.operatorActions?.[0]?.action ?? 'none'}, expected ${operator ?? 'none'}`);
  };
  for (const r of o.parked) {
    delivered(r, '500,500,200', 'retry', 'parked delivery');
    expect(o.bulkRetry.includes(r.deliveryId), `the current CLI's bulk retry did not name ${r.deliveryId}:\n${o.bulkRetry}`);
  }
  delivered(o.waiting, '503,200', 'retry', 'waiting delivery');
  delivered(o.timer, '503,200', undefined, 'delivery on a retry timer');
  const arrivalAfterSwitch = (key: string | undefined) => ctx.receiver.arrivals.some((a) => a.key === key && a.status === 200 && a.at > switched.at);
  expect(arrivalAfterSwitch(o.timer.deliveryId), `the retry timer of ${o.timer.deliveryId} fired before the switch: the run did not test it across the switch (machine too slow?)`);
  const oneBatch = (leads: DeliveryRecord[], what: string) => {
    for (const r of leads) expect(r.outcome === 'success', `${what} lead ${r.deliveryId} ended ${r.outcome}: ${r.reason}`);
    const ids = new Set(leads.map((r) => r.batchId));
    expect(ids.size === 1 && !ids.has(undefined), `${what}: its leads went in batches ${[...ids].join(', ')}, expected one`);
    return leads[0]?.batchId;
  };
  const sizeBatch = oneBatch(o.sizeBatch, 'the batch closed by size');
  const windowBatch = oneBatch(o.windowBatch, 'the batch closed by its window');
  expect(arrivalAfterSwitch(windowBatch), `the batch window of ${c.windowBatch.name} closed before the switch: the run did not test it across the switch`);
  expect(sizeBatch !== windowBatch, 'the two batchers sent one batch');
  for (const b of o.batches) expect(b.outcome === 'success' && b.leads.every((l) => l.outcome === 'success'), `batch ${b.batchId} ended ${b.outcome}`);
  problems.push(...checkCaps(ctx, o.caps));
  const a = o.auction;
  expect(a.winner === c.auction.held && a.salePrice === 30 && a.soldTo.join() === c.auction.held, `the auction ${a.distributionId} sold to ${a.soldTo.join() || 'nobody'} at ${a.salePrice}, expected ${c.auction.held} (the held bid, 30)`);
  expect(a.posts.length === 1 && a.posts[0]?.outcome === 'success', `the auction posted ${a.posts.map((p) => `${p.buyer}:${p.outcome}`).join(', ')}, expected one accepted post to ${c.auction.held}`);
  return problems;
}

/** The cap kept its count across the switch: two sales a month for the capped buyer, the third lead falls through. */
function checkCaps(ctx: UpgradeContext, caps: FlowRecord[]): string[] {
  const { capped, fallback, perMonth } = ctx.configs.caps;
  const [first, second, third] = caps;
  if (first!.startedAt.slice(0, 7) !== third!.startedAt.slice(0, 7)) return [`the capped leads crossed a month boundary (${first!.startedAt} to ${third!.startedAt}), so the cap's count started over: run again`];
  const problems: string[] = [];
  if (first!.winner !== capped) problems.push(`the first capped lead (previous release) sold to ${first!.winner ?? 'nobody'}, expected ${capped}`);
  if (second!.winner !== capped) problems.push(`the second capped lead (current release) sold to ${second!.winner ?? 'nobody'}, expected ${capped}: the cap lost or miscounted the first sale`);
  const skipped = third!.buyers.find((b) => b.buyer === capped)?.skipped ?? '';
  if (third!.winner !== fallback || !/cap/i.test(skipped)) {
    problems.push(`the third capped lead sold to ${third!.winner ?? 'nobody'} (${capped}: ${skipped || 'not skipped'}), expected ${fallback} with ${capped} at its cap of ${perMonth} a month`);
  }
  return problems;
}

/**
 * Nothing sent twice without an explanation: at the receiver, the requests of each
 * Idempotency-Key are the attempts its record lists with a status, in order, and any other
 * request of that key (an answer never read, a connection cut) is matched by an attempt the
 * record counts as lost (WORKER_LOST, a timeout). Every request belongs to a record, and every
 * lead was accepted exactly once.
 */
export function checkArrivals(receiver: UpgradeReceiver, o: Outcomes): { problems: string[]; extra: number } {
  const problems: string[] = [];
  const records = new Map<string, { attempts: { status?: number }[] }>();
  for (const r of [...o.parked, o.waiting, o.timer, ...o.children.values()]) records.set(r.deliveryId, r);
  for (const b of o.batches) records.set(b.batchId, b);
  let extra = 0;
  for (const [key, arrivals] of receiver.byKey()) {
    const record = records.get(key);
    if (!record) {
      problems.push(`${arrivals.length} request(s) with Idempotency-Key ${key} (${arrivals[0]!.path}) belong to no record`);
      continue;
    }
    const unmatched = unmatchedArrivals(arrivals, record.attempts);
    const lost = record.attempts.filter((a) => a.status === undefined).length;
    const missing = record.attempts.filter((a) => a.status !== undefined).length - (arrivals.length - unmatched);
    if (missing > 0) problems.push(`${key}: its record lists ${missing} answered attempt(s) the receiver never answered`);
    if (unmatched > lost) problems.push(`${key}: ${unmatched} request(s) beyond its record's attempts (${statuses(record)}), only ${lost} counted lost: sent twice without an explanation`);
    extra += unmatched;
  }
  const accepted = receiver.acceptedByLead();
  const leads = [...o.parked, o.waiting, o.timer, ...o.sizeBatch, ...o.windowBatch, ...[...o.children.values()].filter((c) => accepted.has(c.deliveryId))];
  for (const r of leads) {
    const n = accepted.get(r.deliveryId) ?? 0;
    if (n !== 1) problems.push(`lead ${r.deliveryId} was accepted ${n} times by the receiver, expected once`);
  }
  return { problems, extra };
}

/**
 * Arrivals left over once the record's answered attempts are matched to them: the longest run of
 * answered arrivals whose statuses are the attempts' statuses in order (a longest common
 * subsequence), so one missing request does not unmatch the ones after it.
 */
function unmatchedArrivals(arrivals: Arrival[], attempts: { status?: number }[]): number {
  const wanted = attempts.filter((a) => a.status !== undefined).map((a) => a.status);
  const got = arrivals.map((a) => (a.aborted ? undefined : a.status));
  // best[i][j]: matches between the first i arrivals and the first j answered attempts.
  const best = Array.from({ length: got.length + 1 }, () => new Array<number>(wanted.length + 1).fill(0));
  for (let i = 1; i <= got.length; i++) {
    for (let j = 1; j <= wanted.length; j++) {
      const same = got[i - 1] !== undefined && got[i - 1] === wanted[j - 1];
      best[i]![j] = same ? best[i - 1]![j - 1]! + 1 : Math.max(best[i - 1]![j]!, best[i]![j - 1]!);
    }
  }
  return arrivals.length - best[got.length]![wanted.length]!;
}

/**
 * The real proof: no workflow task failed in any history the run touched (a nondeterminism
 * error is one), every task was completed by a worker the run started, and the workflows that
 * were open at the switch have tasks completed by both releases' workers.
 */
export function checkHistories(runs: TouchedRun[], started: StartedOnPrevious, previous: ReleaseWorker[], current: ReleaseWorker[]): { problems: string[]; crossed: number } {
  const problems: string[] = [];
  const pidOf = (identity: string) => Number(identity.split('@')[0]);
  const previousPids = new Set(previous.map((w) => w.pid));
  const currentPids = new Set(current.map((w) => w.pid));
  for (const run of runs) {
    for (const f of run.taskFailures) problems.push(`${run.type} ${run.workflowId}: workflow task failed: ${f}`);
    const strangers = [...run.taskWorkers].filter((id) => !previousPids.has(pidOf(id)) && !currentPids.has(pidOf(id)));
    if (strangers.length) problems.push(`${run.type} ${run.workflowId}: workflow tasks completed by workers this run did not start (${strangers.join(', ')}): another worker polls the task queue`);
  }
  const crossedRun = (r: TouchedRun) => [...r.taskWorkers].some((id) => previousPids.has(pidOf(id))) && [...r.taskWorkers].some((id) => currentPids.has(pidOf(id)));
  // Every root but the first capped lead's distribution, which the previous release finished.
  for (const id of started.roots.filter((r) => r !== started.capsFirst)) {
    if (!runs.some((r) => r.workflowId === id && crossedRun(r))) problems.push(`${id} has no workflow task completed by both releases' workers: it did not cross the switch`);
  }
  return { problems, crossed: runs.filter(crossedRun).length };
}
