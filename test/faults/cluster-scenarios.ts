import { hostname } from 'node:os';
import { SERVICE_NAMES } from '../../scripts/cluster/cluster.js';
import { awaitResults, faultDestination, leadsFor, until, type ClusterFaults, type FaultStack } from './fault-stack.js';
import type { ScenarioFacts } from './ledger.js';
import { formatSubmitStats, newSubmitStats, submitPersistently } from './persistent-submitter.js';
import { facts, RESULT_DEADLINE_MS, withLane, type Scenario, type Size } from './scenarios.js';
import { formatSendsByWorker, pollingWorkers, sendsByWorker, sendsInFlight } from './sends-by-worker.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function clusterOf(stack: FaultStack): ClusterFaults {
  if (!stack.cluster) throw new Error('this scenario runs on the cluster only (npm run test:faults -- --cluster)');
  return stack.cluster;
}

/** One outage of part of the deployment: what breaks it, what mends it, and how long it stays broken. */
interface Outage {
  label: string;
  down(cluster: ClusterFaults): Promise<void>;
  up(cluster: ClusterFaults): Promise<void>;
  downMs: number;
}

/**
 * Half the leads are started and their sends reach a slow receiver; then the rest keep being
 * started, a few at a time, while the outage happens: starts that fail are retried by the
 * submitter (see persistent-submitter.ts). After the outage, anything else that died with it
 * is restarted, as a process manager would, and noted.
 */
async function underOutage(stack: FaultStack, size: Size, name: string, prefix: string, outage: Outage): Promise<ScenarioFacts> {
  const cluster = clusterOf(stack);
  // A slow receiver keeps sends open across the fault (and its timeout is well above its answers).
  return withLane(stack, prefix, 1000, async (lane, receiver) => {
    const started = Date.now();
    const d = faultDestination(`${prefix} CRM`, `${receiver.url}/leads`, { timeout: 3000 });
    const all = leadsFor(`${prefix}-${started}`, 16 * size.scale);
    const half = Math.ceil(all.length / 2);
    const stats = newSubmitStats();
    const ids = await submitPersistently(lane, d, all.slice(0, half), stats);
    await until(() => receiver.requests.length >= 3, 30_000);
    // The second half is started one lead at a time across the outage and a little after it;
    // each start waits at most 2 s, as a client answering its own caller would, so starts
    // during the outage fail and are retried.
    const rest = submitPersistently(lane, d, all.slice(half), stats, { spreadOverMs: outage.downMs + 3000, callTimeoutMs: 2000 });
    // Awaited below; a lead given up on meanwhile must not be an unhandled rejection first.
    rest.catch(() => {});
    await sleep(300);
    const t0 = Date.now();
    const inFlight = receiver.answering();
    await outage.down(cluster);
    await sleep(outage.downMs);
    await outage.up(cluster);
    const outageMs = Date.now() - t0;
    // What else exited during the outage (a service that gave up on its database) comes back too.
    const alsoRestarted = await cluster.heal();
    ids.push(...(await rest));
    const results = await awaitResults(lane.client, ids, RESULT_DEADLINE_MS);
    const notes = [
      `${outage.label}, ${(outageMs / 1000).toFixed(1)} s until it served again`,
      `${inFlight} requests open at the receiver when it went down`,
      formatSubmitStats(stats),
      ...(alsoRestarted.length ? [`also restarted after exiting on their own: ${alsoRestarted.join(', ')}`] : []),
      ...(lane.worker.unplannedExits ? [`${lane.worker.unplannedExits} worker restarts`] : []),
    ];
    // A send whose answer could not be recorded while the server was away is lost to the activity timeout (WORKER_LOST).
    return facts(name, ids, results, receiver, started, { duplicatesPossible: true, notes });
  });
}

export const clusterScenarios: Scenario[] = [
  {
    name: '9 PostgreSQL crash-stopped and restarted',
    runsOn: ['cluster'],
    async run(stack, size) {
      return underOutage(stack, size, this.name, 'pg-crash', {
        label: 'PostgreSQL stopped with pg_ctl -m immediate (a crash: WAL replay on start)',
        down: (c) => c.stopPostgres('immediate'),
        up: (c) => c.startPostgres(),
        // The full run's outage outlasts the send activity's timeout (timeout + 15 s = 18 s).
        downMs: size.quick ? 5000 : 20_000,
      });
    },
  },
  {
    name: '10 PostgreSQL stopped cleanly and restarted',
    runsOn: ['cluster'],
    async run(stack, size) {
      return underOutage(stack, size, this.name, 'pg-fast', {
        label: 'PostgreSQL stopped with pg_ctl -m fast',
        down: (c) => c.stopPostgres('fast'),
        up: (c) => c.startPostgres(),
        downMs: 5000,
      });
    },
  },
  {
    name: '11 history service SIGKILLed and restarted',
    runsOn: ['cluster'],
    async run(stack, size) {
      return underOutage(stack, size, this.name, 'history', {
        label: 'history SIGKILLed, restarted after 3 s',
        down: (c) => c.killService('history'),
        up: (c) => c.startService('history'),
        downMs: 3000,
      });
    },
  },
  {
    name: '12 whole server SIGKILLed and restarted',
    runsOn: ['cluster'],
    async run(stack, size) {
      return underOutage(stack, size, this.name, 'server', {
        label: `all four services SIGKILLed (${SERVICE_NAMES.join(', ')}), restarted after 3 s`,
        down: async (c) => {
          await Promise.all(SERVICE_NAMES.map((s) => c.killService(s)));
        },
        up: async (c) => {
          await c.heal();
        },
        downMs: 3000,
      });
    },
  },
  {
    name: '13 three workers, one SIGKILLed',
    runsOn: ['cluster'],
    async run(stack, size) {
      return withLane(
        stack,
        'three',
        // Slow answers (and a timeout well above them) keep each send in flight for 2 s: long
        // enough to find the busiest worker and kill it with its sends still open.
        2000,
        async (lane, receiver) => {
          const started = Date.now();
          const identities = () => lane.workers.map((w) => `${w.pids.at(-1)}@${hostname()}`);
          // All three poll before the first lead, so each can take its share from the start.
          const polling = await until(async () => {
            const seen = await pollingWorkers(stack.temporal, lane.taskQueue);
            return identities().every((identity) => seen.has(identity));
          }, 30_000);
          if (!polling) throw new Error('the three workers were not all polling the task queue after 30 s');
          const d = faultDestination('Three workers CRM', `${receiver.url}/leads`, { timeout: 5000 });
          const ids = (await lane.client.startDeliveries(d, leadsFor(`three-${started}`, 24 * size.scale))).map((s) => s.deliveryId);
          // Kill, once sends reach the receiver, the worker with the most sends in flight.
          await until(() => receiver.requests.length >= 6, 30_000);
          const inFlight = await sendsInFlight(stack.temporal, ids);
          const indexOf = (identity: string) => lane.workers.findIndex((w) => w.pids.includes(Number(identity.split('@')[0])));
          const [busiest] = [...inFlight].sort((a, b) => b[1] - a[1])[0] ?? [];
          const victim = busiest !== undefined && indexOf(busiest) >= 0 ? indexOf(busiest) : 1;
          await lane.workers[victim]!.kill();
          const results = await awaitResults(lane.client, ids, RESULT_DEADLINE_MS);
          const sends = await sendsByWorker(stack.temporal, ids);
          const labelOf = (identity: string) => {
            const i = indexOf(identity);
            return i < 0 ? identity : `w${i + 1}${i === victim ? ' (killed)' : ''}`;
          };
          const problems: string[] = [];
          const lostByVictim = [...sends.lost].filter(([identity]) => indexOf(identity) === victim).reduce((n, [, c]) => n + c, 0);
          if (lostByVictim === 0) problems.push('the killed worker had no send in flight: nothing was left for the others to finish');
          for (const [i] of lane.workers.entries()) {
            if (i === victim) continue;
            const ran = [...sends.completed].filter(([identity]) => indexOf(identity) === i).reduce((n, [, c]) => n + c, 0);
            if (ran === 0) problems.push(`worker w${i + 1} ran no send: the work was not spread`);
          }
          const notes = [
            `sends per worker: ${formatSendsByWorker(sends, labelOf)}`,
            `w${victim + 1} killed with ${inFlight.get(busiest ?? '') ?? 0} sends in flight`,
            `${sends.finishedByAnother} deliveries finished by another worker after losing a send with the killed one`,
          ];
          return facts(this.name, ids, results, receiver, started, { duplicatesPossible: true, notes, problems });
        },
        3,
      );
    },
  },
];
