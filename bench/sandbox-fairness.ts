import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DestinationInput } from '../src/config/destination-schema.js';
import { parseDestination } from '../src/config/parse-destination.js';
import { maskingSecretResolver } from '../src/core/secrets/secret-refs.js';
import { sandboxedEvaluator, type Evaluator } from '../src/sandbox/evaluator.js';
import { SandboxPool, type SandboxPoolOptions } from '../src/sandbox/sandbox-pool.js';
import { PROJECT_ROOT } from '../src/temporal/project-root.js';
import { bundleSandbox } from '../test/helpers/bundle-sandbox.js';
import type { TargetCheck } from './bench-report.js';
import { percentile } from './stats.js';

/** How the ordinary render's latency was measured in one phase. */
export interface FairnessPhase {
  name: string;
  /** Renders of the ordinary destination, one every 200 ms, each timed from the call to its result. */
  renders: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** Set when a render had not finished after `cap_ms`: the phase stopped there, and max_ms is the cap. */
  capped?: boolean;
  /** The same destination's renders on the idle pool just before (its own cost). */
  alone_p50_ms: number;
  /** Hostile evaluations that ended in EXPRESSION_LIMIT while the phase ran. */
  hostile_overran: number;
  /** Runs cut at the fast-lane limit and run again in the shared lane. */
  cut: number;
  /** Ordinary renders that failed (there must be none). */
  failed: number;
}

export interface SandboxFairnessResult {
  processes: number;
  timeout_ms: number;
  fast_lane_ms?: number;
  hostile_streams: number;
  seconds_per_phase: number;
  cap_ms: number;
  phases: FairnessPhase[];
  error?: string;
}

/**
 * The season a good record needs before its config runs in the fast lane: ten minutes in a
 * worker, five seconds here (longer than a hostile config waits for its turn on this loaded
 * machine), and the ordinary destination's record is made that long before the attack.
 */
const SEASON_MS = 5000;
const ORDINARY_NAME = 'Ordinary CRM';
const ordinary = parseDestination({ name: ORDINARY_NAME, url: 'https://crm.example/leads', body: { format: 'json', mapping: { email: 'email', name: { $expr: '$uppercase(name)' } } } });
const ordinaryLead = { id: 'L-ordinary', email: 'ada@example.com', name: 'Ada' };
/** The attack of issue 20, item 4: a JSONata regex that backtracks for minutes on this lead. */
const hostileLead = { id: 'L-hostile', email: 'a'.repeat(40) };
const benignLead = { id: 'L-benign', email: 'b' };
const hostile = (name: string) =>
  parseDestination({ name, url: 'https://crm.example/leads', body: { format: 'json', mapping: { ok: { $expr: '$match(email, /^(a|a)*b$/)' } } } } satisfies DestinationInput);

interface Attack {
  /** Every config of stream 0 is named like the ordinary destination. */
  named: boolean;
  /** Each config first gets a lead it finishes at once, so it has a good record when the hostile lead comes. */
  warm: boolean;
}

const PHASES: { name: string; attack: Attack }[] = [
  { name: '6 fresh hostile configs', attack: { named: false, warm: false } },
  { name: '6 fresh hostile configs, one named like the ordinary destination', attack: { named: true, warm: false } },
  { name: '6 fresh hostile configs, each with a good record first', attack: { named: false, warm: true } },
];

/** An attacker's stream: one hostile config after another, each under a fresh name (so a fresh identity). */
function attack(evaluator: Evaluator, stream: number, how: Attack, running: () => boolean, overran: () => void): Promise<void> {
  const context = (n: number) => ({ deliveryId: `hostile-${stream}-${n}`, now: new Date().toISOString() });
  return (async () => {
    for (let n = 0; running(); n++) {
      const config = hostile(how.named && stream === 0 ? ORDINARY_NAME : `Hostile ${stream}-${n}`);
      if (how.warm) await evaluator.renderRequest(config, benignLead, context(n), maskingSecretResolver).catch(() => undefined);
      await evaluator.renderRequest(config, hostileLead, context(n), maskingSecretResolver).then(
        () => undefined,
        (err: { code?: string }) => {
          if (err.code === 'EXPRESSION_LIMIT') overran();
        },
      );
    }
  })();
}

/** Renders the ordinary destination every `intervalMs` until `untilMs` (performance.now()), or `count` times; stops at a render slower than `capMs`. */
async function timedRenders(evaluator: Evaluator, count: number, intervalMs: number, capMs: number, untilMs = Infinity): Promise<{ times: number[]; failed: number; capped: boolean }> {
  const times: number[] = [];
  let failed = 0;
  for (let i = 0; i < count && performance.now() < untilMs; i++) {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<'capped'>((resolve) => (timer = setTimeout(() => resolve('capped'), capMs)));
    const render = evaluator.renderRequest(ordinary, ordinaryLead, { deliveryId: `ordinary-${i}`, now: new Date().toISOString() }, maskingSecretResolver);
    const outcome = await Promise.race([render.then(() => 'done' as const, () => 'failed' as const), cap]);
    clearTimeout(timer);
    if (outcome === 'capped') {
      render.catch(() => undefined);
      times.push(capMs);
      return { times, failed, capped: true };
    }
    if (outcome === 'failed') failed++;
    else times.push(performance.now() - started);
    const rest = intervalMs - (performance.now() - started);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
  }
  return { times, failed, capped: false };
}

const round = (n: number | undefined) => Math.round((n ?? 0) * 10) / 10;

async function phase(name: string, how: Attack, options: SandboxPoolOptions, streams: number, seconds: number, capMs: number): Promise<FairnessPhase> {
  const pool = new SandboxPool(options);
  const evaluator = sandboxedEvaluator(pool);
  let cut = 0;
  const stop = pool.onEvaluation((r) => (cut += r.outcome === 'cut' ? 1 : 0));
  try {
    await pool.ready();
    // Its own cost, and a good record: the ordinary destination has delivered before, longer
    // ago than the season; the attackers' configs are minted during the attack.
    const alone = await timedRenders(evaluator, 20, 0, capMs);
    await new Promise((r) => setTimeout(r, SEASON_MS));
    let on = true;
    let overran = 0;
    const attackers = Array.from({ length: streams }, (_, s) => attack(evaluator, s, how, () => on, () => overran++));
    const intervalMs = 200;
    // A render that waits long (as each did before issue 20) ends the phase once `seconds` have passed.
    const measured = await timedRenders(evaluator, Math.round((seconds * 1000) / intervalMs), intervalMs, capMs, performance.now() + seconds * 1000);
    on = false;
    const result: FairnessPhase = {
      name,
      renders: measured.times.length + measured.failed,
      p50_ms: round(percentile(measured.times, 50)),
      p99_ms: round(percentile(measured.times, 99)),
      max_ms: round(Math.max(0, ...measured.times)),
      ...(measured.capped ? { capped: true } : {}),
      alone_p50_ms: round(percentile(alone.times, 50)),
      hostile_overran: overran,
      cut,
      failed: measured.failed,
    };
    // Closing kills what still runs; the attackers' last evaluations are refused.
    await pool.close();
    await Promise.all(attackers);
    return result;
  } finally {
    stop();
    await pool.close();
  }
}

/**
 * Issue 20, item 4: an ordinary render's latency while hostile configs under fresh names keep
 * the sandbox busy, on the default pool (2 processes, 3000 ms, 500 ms fast lane). Three phases,
 * each on a pool of its own: six streams of fresh hostile configs; the same with every config of
 * one stream named like the ordinary destination; six streams that first give each fresh config
 * a good record. Runs without Temporal: only the sandbox is measured.
 */
export async function measureSandboxFairness(seconds: number, log: (line: string) => void, options: SandboxPoolOptions = {}): Promise<SandboxFairnessResult> {
  // Inside the project: the bundle loads some dependencies from node_modules at run time.
  const entry = join(PROJECT_ROOT, '.leadwire', `bench-sandbox-${process.pid}.mjs`);
  const streams = 6;
  const capMs = 30_000;
  const pool = { processes: 2, timeoutMs: 3000, seasonMs: SEASON_MS, ...options };
  const probe = new SandboxPool(pool);
  const result: SandboxFairnessResult = { processes: pool.processes, timeout_ms: pool.timeoutMs, fast_lane_ms: probe.fastLaneMs, hostile_streams: streams, seconds_per_phase: seconds, cap_ms: capMs, phases: [] };
  try {
    await mkdir(join(PROJECT_ROOT, '.leadwire'), { recursive: true });
    // Compiled, as a deployed worker's: a killed process is replaced as fast as in production.
    await bundleSandbox(entry);
    for (const { name, attack: how } of PHASES) {
      log(`sandbox fairness: ${name}...`);
      result.phases.push(await phase(name, how, { ...pool, entry }, streams, seconds, capMs));
    }
  } catch (err) {
    result.error = (err as Error).message.split('\n')[0];
  } finally {
    await rm(entry, { force: true });
  }
  return result;
}

export function formatSandboxFairness(result: SandboxFairnessResult): string {
  if (result.error) return `Sandbox fairness: FAILED (${result.error})`;
  const header = ['while the sandbox runs', 'renders', 'p50 ms', 'p99 ms', 'max ms', 'alone p50 ms', 'hostile overran', 'cut', 'failed'];
  const rows = result.phases.map((p) => [p.name, String(p.renders), String(p.p50_ms), String(p.p99_ms), `${p.capped ? '>= ' : ''}${p.max_ms}`, String(p.alone_p50_ms), String(p.hostile_overran), String(p.cut), String(p.failed)]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    `Sandbox fairness: an ordinary render every 200 ms for ${result.seconds_per_phase} s (${result.processes} processes, ${result.timeout_ms} ms limit, ${result.fast_lane_ms === undefined ? 'no fast lane' : `${result.fast_lane_ms} ms fast lane`}):`,
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
  ].join('\n');
}

/** The target of issue 20: within 1 s plus its own cost, whatever the hostile configs do. */
export function sandboxFairnessTargets(result: SandboxFairnessResult): TargetCheck[] {
  if (result.error) return [{ target: 'ordinary render <= 1 s + its own cost beside hostile configs', met: false, value: result.error }];
  return result.phases.map((p) => ({
    target: `ordinary render <= 1 s + its own cost beside ${p.name}`,
    met: p.failed === 0 && !p.capped && p.max_ms <= 1000 + p.alone_p50_ms,
    value: `max ${p.capped ? '>= ' : ''}${p.max_ms} ms, p99 ${p.p99_ms} ms (alone ${p.alone_p50_ms} ms)${p.failed ? `, ${p.failed} failed` : ''}`,
  }));
}
