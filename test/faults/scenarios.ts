import type { AddressInfo } from 'node:net';
import { parseDestination } from '../../src/config/parse-destination.js';
import { createIntakeApp } from '../../src/intake/intake-app.js';
import { startCountingReceiver, type CountingReceiver, type Fate } from './counting-receiver.js';
import { awaitResults, faultDestination, leadsFor, persist, until, type FaultStack, type Lane, type StackKind } from './fault-stack.js';
import type { ScenarioFacts } from './ledger.js';

/** How big a run is: `--quick` (CI) or full. */
export interface Size {
  quick: boolean;
  /** Leads per scenario is `base * scale`. */
  scale: number;
  kills: number;
}

export interface Scenario {
  name: string;
  /** Which stacks it runs on (default both). */
  runsOn?: StackKind[];
  run(stack: FaultStack, size: Size): Promise<ScenarioFacts>;
}

export const RESULT_DEADLINE_MS = 180_000;

/** A seeded generator (mulberry32): a run's fault pattern is the same every time. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A lane (`workers` worker processes, default 1) and a counting receiver for one scenario; both stopped after it. */
export async function withLane<T>(
  stack: FaultStack,
  name: string,
  receiverLatencyMs: number,
  fn: (lane: Lane, receiver: CountingReceiver) => Promise<T>,
  workers = 1,
): Promise<T> {
  const [lane, receiver] = await Promise.all([stack.lane(name, workers), startCountingReceiver({ latencyMs: receiverLatencyMs })]);
  try {
    return await fn(lane, receiver);
  } finally {
    await Promise.all(lane.workers.map((w) => w.stop()));
    await receiver.close();
  }
}

export const facts = (scenario: string, ids: string[], results: ScenarioFacts['results'], receiver: CountingReceiver, started: number, extra: Partial<ScenarioFacts>): ScenarioFacts => ({
  scenario,
  deliveryIds: ids,
  results,
  keptByLead: receiver.keptByLead(),
  keptByKey: receiver.keptByKey(),
  duplicatesPossible: false,
  wallMs: Date.now() - started,
  ...extra,
});

/**
 * Submits leads in waves and SIGKILLs the worker while each wave is in flight (its requests
 * reaching a slow receiver), then starts a new one.
 */
export async function wavesWithKills(lane: Lane, receiver: CountingReceiver, submit: (wave: number) => Promise<string[]>, kills: number, inFlight: number): Promise<string[]> {
  const ids: string[] = [];
  for (let k = 0; k <= kills; k++) {
    const before = receiver.requests.length;
    ids.push(...(await submit(k)));
    if (k === kills) break;
    // Kill while requests are in flight: once some of this wave's have reached the (slow) receiver.
    await until(() => receiver.requests.length >= before + inFlight, 30_000);
    await lane.worker.kill();
    await lane.worker.start();
  }
  return ids;
}

export const scenarios: Scenario[] = [
  {
    name: '1 worker SIGKILLed',
    async run(stack, size) {
      return withLane(stack, 'kill', 400, async (lane, receiver) => {
        const started = Date.now();
        const d = faultDestination('Kill CRM', `${receiver.url}/leads`);
        const all = leadsFor(`kill-${started}`, 24 * size.scale);
        const per = Math.ceil(all.length / (size.kills + 1));
        const ids = await wavesWithKills(lane, receiver, async (k) => (await lane.client.startDeliveries(d, all.slice(k * per, (k + 1) * per))).map((s) => s.deliveryId), size.kills, 3);
        const results = await awaitResults(lane.client, ids, RESULT_DEADLINE_MS);
        return facts(this.name, ids, results, receiver, started, { duplicatesPossible: true, notes: [`${lane.worker.kills} SIGKILLs`] });
      });
    },
  },
  {
    name: '2 Temporal server restarted',
    // The cluster has its own server faults (scenarios 11 and 12): its services die one by one or all at once.
    runsOn: ['dev-server'],
    async run(stack, size) {
      return withLane(stack, 'server', 300, async (lane, receiver) => {
        const started = Date.now();
        const d = faultDestination('Server CRM', `${receiver.url}/leads`);
        const all = leadsFor(`server-${started}`, 16 * size.scale);
        const half = Math.ceil(all.length / 2);
        const ids = (await lane.client.startDeliveries(d, all.slice(0, half))).map((s) => s.deliveryId);
        await until(() => receiver.requests.length >= 3, 30_000);
        if (!stack.restartServer) throw new Error('scenario 2 restarts the dev server; the cluster has scenarios 11 and 12');
        await stack.restartServer(3000);
        ids.push(...(await persist(() => lane.client.startDeliveries(d, all.slice(half)), 60_000)).map((s) => s.deliveryId));
        const results = await awaitResults(lane.client, ids, RESULT_DEADLINE_MS);
        // A worker that could not report a finished send while the server was away loses it to the activity timeout.
        const notes = ['server down 3 s', ...(lane.worker.unplannedExits ? [`${lane.worker.unplannedExits} worker restarts`] : [])];
        return facts(this.name, ids, results, receiver, started, { duplicatesPossible: true, notes });
      });
    },
  },
  {
    name: '3 receiver down, then back',
    async run(stack, size) {
      return withLane(stack, 'down', 50, async (lane, receiver) => {
        const started = Date.now();
        const d = faultDestination('Down CRM', `${receiver.url}/leads`);
        const all = leadsFor(`down-${started}`, 16 * size.scale);
        const half = Math.ceil(all.length / 2);
        const ids = (await lane.client.startDeliveries(d, all.slice(0, half))).map((s) => s.deliveryId);
        await until(() => receiver.requests.length >= Math.ceil(half / 2), 30_000);
        await receiver.down();
        ids.push(...(await lane.client.startDeliveries(d, all.slice(half))).map((s) => s.deliveryId));
        // The outage: every attempt in it is refused.
        await new Promise((r) => setTimeout(r, 4000));
        await receiver.up();
        const results = await awaitResults(lane.client, ids, RESULT_DEADLINE_MS);
        const refused = [...results.values()].reduce((n, r) => n + r.attempts.filter((a) => a.errorCode === 'CONNECTION_REFUSED').length, 0);
        return facts(this.name, ids, results, receiver, started, { notes: [`down 4 s`, `${refused} refused attempts`] });
      });
    },
  },
  {
    name: '4 receiver flapping and slow',
    async run(stack, size) {
      return withLane(stack, 'flap', 20, async (lane, receiver) => {
        const started = Date.now();
        const random = seeded(4);
        receiver.setFate((): Fate => {
          const x = random();
          if (x < 0.2) return { kind: 'reject', status: 503 };
          if (x < 0.3) return { kind: 'drop' };
          if (x < 0.4) return { kind: 'late', ms: 1500 };
          return { kind: 'accept' };
        });
        const d = faultDestination('Flapping CRM', `${receiver.url}/leads`);
        const ids = (await lane.client.startDeliveries(d, leadsFor(`flap-${started}`, 20 * size.scale))).map((s) => s.deliveryId);
        const results = await awaitResults(lane.client, ids, RESULT_DEADLINE_MS);
        const fates = new Map<string, number>();
        for (const r of receiver.requests) fates.set(r.fate, (fates.get(r.fate) ?? 0) + 1);
        return facts(this.name, ids, results, receiver, started, {
          duplicatesPossible: true,
          notes: [`answers: ${[...fates].map(([f, n]) => `${f} ${n}`).join(', ')}`],
        });
      });
    },
  },
  {
    name: '5 same leads submitted 3 times',
    async run(stack, size) {
      return withLane(stack, 'dupe', 50, async (lane, receiver) => {
        const started = Date.now();
        const input = faultDestination('Dupe CRM', `${receiver.url}/leads`);
        const destination = parseDestination(input, 'fault scenario 5');
        const app = createIntakeApp({ client: lane.client, destinations: new Map([['dupe-crm', destination]]), apiKeys: ['faults-key'] });
        await app.listen({ host: '127.0.0.1', port: 0 });
        try {
          const intake = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
          const leads = leadsFor(`dupe-${started}`, 12 * size.scale);
          const viaIntake = async (lead: (typeof leads)[number]) => {
            const res = await fetch(`${intake}/v1/destinations/dupe-crm/leads`, {
              method: 'POST',
              headers: { authorization: 'Bearer faults-key', 'content-type': 'application/json' },
              body: JSON.stringify({ lead }),
            });
            if (res.status !== 202) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
            return ((await res.json()) as { deliveryId: string }).deliveryId;
          };
          const [bulk, single, api] = await Promise.all([
            lane.client.startDeliveries(destination, leads).then((s) => s.map((x) => x.deliveryId)),
            Promise.all(leads.map((l) => lane.client.startDelivery(destination, l).then((s) => s.deliveryId))),
            Promise.all(leads.map(viaIntake)),
          ]);
          const ids = [...new Set([...bulk, ...single, ...api])];
          const problems = ids.length === leads.length ? [] : [`${ids.length} delivery ids for ${leads.length} leads`];
          const results = await awaitResults(lane.client, ids, RESULT_DEADLINE_MS);
          // One workflow run per lead, whichever path started it.
          let runs = 0;
          await until(async () => {
            runs = 0;
            for await (const _ of stack.temporal.workflow.list({ query: `TaskQueue = '${lane.taskQueue}'` })) runs++;
            return runs >= leads.length;
          }, 20_000);
          if (runs !== leads.length) problems.push(`${runs} workflow runs for ${leads.length} leads`);
          return facts(this.name, ids, results, receiver, started, { notes: [`${leads.length * 3} submissions, ${runs} workflow runs`], problems });
        } finally {
          await app.close();
        }
      });
    },
  },
  {
    name: '6 batches, worker SIGKILLed',
    async run(stack, size) {
      return withLane(stack, 'batch', 500, async (lane, receiver) => {
        const started = Date.now();
        const d = faultDestination('Batch CRM', `${receiver.url}/batch`, { batch: { size: 8, timeout: 500 } });
        const all = leadsFor(`batch-${started}`, 32 * size.scale);
        const kills = size.kills;
        const per = Math.ceil(all.length / (kills + 1));
        const ids = await wavesWithKills(lane, receiver, async (k) => (await lane.client.startDeliveries(d, all.slice(k * per, (k + 1) * per))).map((s) => s.deliveryId), kills, 1);
        const results = await awaitResults(lane.client, ids, RESULT_DEADLINE_MS);
        const batches = new Set([...results.values()].map((r) => r.batchId));
        return facts(this.name, ids, results, receiver, started, { duplicatesPossible: true, notes: [`${lane.worker.kills} SIGKILLs`, `${batches.size} batches`] });
      });
    },
  },
  {
    name: '7 long park, worker restart, operator retry',
    async run(stack, size) {
      return withLane(stack, 'park', 20, async (lane, receiver) => {
        const started = Date.now();
        let open = false;
        receiver.setFate(() => (open ? { kind: 'accept' } : { kind: 'reject', status: 503 }));
        // Default park window (7 days): only an operator ends these.
        const d = faultDestination('Parking CRM', `${receiver.url}/leads`, { retry: { max_attempts: 2, delay: 100 } });
        const ids = (await lane.client.startDeliveries(d, leadsFor(`park-${started}`, 2 * size.scale))).map((s) => s.deliveryId);
        const allParked = async () => (await Promise.all(ids.map((id) => lane.client.status(id)))).every((s) => s.parked);
        const problems: string[] = [];
        if (!(await until(allParked, 60_000))) problems.push('not every delivery parked');
        await lane.worker.kill();
        await lane.worker.start();
        // The restarted worker rebuilds each parked delivery from its history.
        if (!(await until(allParked, 30_000))) problems.push('a delivery left its park across the restart');
        open = true;
        for (const id of ids) await lane.client.retry(id, { requestedBy: 'fault suite' });
        const results = await awaitResults(lane.client, ids, RESULT_DEADLINE_MS);
        const retried = [...results.values()].filter((r) => r.operatorActions?.some((a) => a.action === 'retry')).length;
        return facts(this.name, ids, results, receiver, started, { notes: [`${ids.length} parked`, `worker restarted`, `${retried} operator retries`], problems });
      });
    },
  },
  {
    name: '8 at_most_once, receiver flapping',
    async run(stack, size) {
      return withLane(stack, 'amo', 20, async (lane, receiver) => {
        const started = Date.now();
        const random = seeded(8);
        let healthy = false;
        receiver.setFate((): Fate => {
          const x = random();
          if (healthy || x >= 0.35) return { kind: 'accept' };
          return x < 0.2 ? { kind: 'reject', status: 503 } : { kind: 'drop' };
        });
        const d = faultDestination('Pay per lead CRM', `${receiver.url}/leads`, { at_most_once: true });
        const ids = (await lane.client.startDeliveries(d, leadsFor(`amo-${started}`, 12 * size.scale))).map((s) => s.deliveryId);
        const settled = async () => (await Promise.all(ids.map((id) => lane.client.status(id)))).every((s) => s.parked || s.state === 'done');
        const problems: string[] = [];
        if (!(await until(settled, 60_000))) problems.push('deliveries neither parked nor done');
        // The promise under test: no key is sent twice before an operator decides.
        const resent = [...receiver.seenByKey().values()].filter((n) => n > 1).length;
        if (resent > 0) problems.push(`${resent} leads sent again without an operator`);
        const parked = (await Promise.all(ids.map((id) => lane.client.status(id)))).filter((s) => s.parked);
        const codes = new Set(parked.map((s) => s.lastErrorCode));
        healthy = true;
        for (const s of parked) await lane.client.retry(s.deliveryId, { requestedBy: 'fault suite' });
        const results = await awaitResults(lane.client, ids, RESULT_DEADLINE_MS);
        const notes = [`${parked.length} parked (${[...codes].join(', ')})`, `${resent} sent twice before an operator retry`];
        return facts(this.name, ids, results, receiver, started, { notes, problems });
      });
    },
  },
];
