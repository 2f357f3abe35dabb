import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DestinationSchema, type DestinationInput } from '../../../src/config/destination-schema.js';
import { parseDestination } from '../../../src/config/parse-destination.js';
import type { SendResult } from '../../../src/core/delivery/send-result.js';
import { maskingSecretResolver } from '../../../src/core/secrets/secret-refs.js';
import type { EvaluationReport } from '../../../src/sandbox/evaluation-report.js';
import { sandboxedEvaluator } from '../../../src/sandbox/evaluator.js';
import { sandboxOptionsFromEnv } from '../../../src/sandbox/sandbox-options-from-env.js';
import { SandboxPool } from '../../../src/sandbox/sandbox-pool.js';

// Each of these once killed or stalled a worker (issue 12, items 4 and 5). In the sandbox each
// fails its own evaluation with EXPRESSION_LIMIT, and the next evaluation works.
// The time limit leaves room for a loaded machine (a replacement process boots while a case runs).
const pool = new SandboxPool({ ...sandboxOptionsFromEnv(), processes: 2, timeoutMs: 3000, memoryMb: 96 });
const evaluator = sandboxedEvaluator(pool);
// Only the memory limit can stop an evaluation in this pool, however slow the machine is.
const memoryPool = new SandboxPool({ ...sandboxOptionsFromEnv(), processes: 1, timeoutMs: 60_000, memoryMb: 96 });
afterAll(() => Promise.all([pool.close(), memoryPool.close()]));
// A killed process is replaced in the background; each case starts from a full pool.
beforeEach(() => pool.ready());

const context = { deliveryId: 'sandbox-1', now: '2026-01-05T15:00:00.000Z' };
const withMapping = (mapping: Record<string, unknown>, name = 'Sandboxed') =>
  parseDestination({ name, url: 'https://crm.example/leads', body: { format: 'json', mapping } });
const judgeWith = (extra: Partial<DestinationInput>) => DestinationSchema.parse({ name: 'Judged', url: 'https://crm.example/leads', ...extra });
const response = (body: string, contentType: string): SendResult => ({
  kind: 'response',
  url: 'https://crm.example/leads',
  startedAt: context.now,
  durationMs: 5,
  response: { status: 200, headers: { 'content-type': contentType }, body, truncated: false },
});

const ordinary = (on = evaluator) => on.renderRequest(withMapping({ email: 'email' }, 'Ordinary'), { id: 'L1', email: 'a@example.com' }, context, maskingSecretResolver);
const expectWorks = async (on = evaluator) => expect(await ordinary(on)).toMatchObject({ kind: 'request', request: { body: '{"email":"a@example.com"}' } });

describe('the evaluation sandbox', () => {
  it('stops a JSONata $pad that would exhaust memory, and keeps working', async () => {
    const hostile = withMapping({ big: { $expr: '$pad("x", 300000000)' } });
    const onMemoryPool = sandboxedEvaluator(memoryPool);
    await expect(onMemoryPool.renderRequest(hostile, { id: 'L1' }, context, maskingSecretResolver)).rejects.toMatchObject({
      code: 'EXPRESSION_LIMIT',
      message: expect.stringMatching(/memory limit \(96 MiB\)/),
    });
    await expectWorks(onMemoryPool);
  });

  it('stops a catastrophic regex inside an expression, while another evaluation completes first', async () => {
    const hostile = withMapping({ ok: { $expr: '$contains(email, /^(a|a)*$/)' } }, 'Hostile regex');
    const finished: string[] = [];
    const hostileRun = evaluator
      .renderRequest(hostile, { id: 'L2', email: `${'a'.repeat(40)}!` }, context, maskingSecretResolver)
      .catch((err: unknown) => {
        finished.push('hostile');
        throw err;
      });
    const ordinaryRun = ordinary().then((r) => {
      finished.push('ordinary');
      return r;
    });
    await expect(hostileRun).rejects.toMatchObject({ code: 'EXPRESSION_LIMIT', message: expect.stringMatching(/time limit \(3000 ms\)/) });
    await expect(ordinaryRun).resolves.toMatchObject({ kind: 'request' });
    expect(finished).toEqual(['ordinary', 'hostile']);
    await expectWorks();
  });

  it.each([
    ['overlapping alternation', '/^(\\w|\\d)+$/', `${'a1'.repeat(20_000)}!`],
    ['polynomial backtracking', '/\\s+$/', `${' '.repeat(60_000)}x`],
  ])('bounds a response regex with %s on a large body', async (_, regex, body) => {
    const destination = judgeWith({ response_parser: { id: regex } });
    const started = performance.now();
    const judged = await evaluator.judgeResponse(destination, response(body, 'text/plain')).then(
      (verdict) => ({ verdict }),
      (err: { code?: string }) => ({ code: err.code }),
    );
    // Either the engine finishes well inside the limit, or the sandbox stops it at the limit.
    if ('code' in judged) expect(judged.code).toBe('EXPRESSION_LIMIT');
    expect(performance.now() - started).toBeLessThan(3000 + 2000);
    await expectWorks();
  });

  it('does not run XPath over a huge flat XML response, and says why', async () => {
    const body = `<r>${'<status>x</status>'.repeat(4000)}</r>`;
    const verdict = await evaluator.judgeResponse(judgeWith({ response_parser: { outcome: '//status' } }), response(body, 'application/xml'));
    expect(verdict.bodyProblem?.code).toBe('RESPONSE_XML_TOO_LARGE');
  });

  it('bounds an XPath query that is slow on a response under the node cap', async () => {
    const body = `<r>${'<status>x</status>'.repeat(2400)}</r>`;
    const destination = judgeWith({ response_parser: { n: 'count(//status[. = //status])' } });
    await expect(evaluator.judgeResponse(destination, response(body, 'application/xml'))).rejects.toMatchObject({ code: 'EXPRESSION_LIMIT' });
    await expectWorks();
  });

  it('keeps secret values in the worker: a refused secret fails only the render that uses it', async () => {
    const destination = parseDestination({ name: 'Secrets', url: 'https://crm.example/leads', headers: { 'X-Key': '${KEY}' }, body: { format: 'json', mapping: { email: 'email' } } });
    const resolver = (name: string) => {
      if (name === 'KEY') return 'k-123';
      throw new Error('not asked');
    };
    const rendered = await evaluator.renderRequest(destination, { id: 'L4', email: 'a@example.com' }, context, resolver);
    expect(rendered).toMatchObject({ kind: 'request', request: { headers: { 'X-Key': 'k-123' } } });
    const missing = parseDestination({ name: 'Secrets', url: 'https://crm.example/leads', headers: { 'X-Key': '${OTHER}' } });
    const { MissingSecretError } = await import('../../../src/core/errors/secret-error.js');
    const refusing = (name: string) => {
      throw new MissingSecretError(name, `${name} is not set`);
    };
    await expect(evaluator.renderRequest(missing, { id: 'L5' }, context, refusing)).rejects.toMatchObject({ code: 'SECRET_MISSING' });
  });

  it('keeps a process alive while it waits for its sandbox to start', async () => {
    // A worker awaits ready() before anything else holds the event loop; an unref'd sandbox let it exit silently.
    const fixture = fileURLToPath(new URL('../../fixtures/sandbox-ready.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fixture], { timeout: 30_000 });
    expect(stdout.trim()).toBe('ready');
  });
});

// Issue 20, item 4: fair shares between configs. Hostile configs under fresh names took both
// processes in turn; one named after a victim got the victim confined.
describe('fair shares in the evaluation sandbox', () => {
  const hostileRegex = (name: string) => withMapping({ ok: { $expr: '$match(email, /^(a|a)*b$/)' } }, name);
  const hostileLead = { id: 'L6', email: 'a'.repeat(40) };
  const backtracking = judgeWith({ name: 'Sometimes slow', response_parser: { id: '/^(a|a)*b$/' } });

  /**
   * Gives the backtracking judge config a good record: a finish inside the 100 ms fast lane
   * (again, on a loaded machine, until one is).
   */
  async function earnGoodRecord(evaluator: ReturnType<typeof sandboxedEvaluator>, reports: readonly { ranMs?: number }[]): Promise<void> {
    await vi.waitFor(
      async () => {
        await evaluator.judgeResponse(backtracking, response('b', 'text/plain'));
        expect(reports.at(-1)?.ranMs).toBeLessThanOrEqual(100);
      },
      { timeout: 30_000, interval: 0 },
    );
  }
  const collect = (on: SandboxPool) => {
    const reports: EvaluationReport[] = [];
    return { reports, stop: on.onEvaluation((r) => reports.push(r)) };
  };

  it('runs a config with a good record beside fresh hostile configs: never while they hold every process', async () => {
    const fair = new SandboxPool({ ...sandboxOptionsFromEnv(), processes: 2, timeoutMs: 1500 });
    const onFair = sandboxedEvaluator(fair);
    const { reports, stop } = collect(fair);
    try {
      await fair.ready();
      await expectWorks(onFair);
      const hostile = [1, 2, 3, 4].map((n) => onFair.renderRequest(hostileRegex(n === 1 ? 'Ordinary' : `Fresh ${n}`), hostileLead, context, maskingSecretResolver).catch((e: { code?: string }) => e.code));
      // One runs in the shared lane with the full limit, one on probation beside it, two wait.
      await vi.waitFor(() => expect(fair.activity().running.map((r) => r.lane).sort()).toEqual(['probation', 'shared']), { timeout: 30_000 });
      await expectWorks(onFair);
      expect(await Promise.all(hostile)).toEqual(['EXPRESSION_LIMIT', 'EXPRESSION_LIMIT', 'EXPRESSION_LIMIT', 'EXPRESSION_LIMIT']);
      const byRun = new Map(reports.map((r) => [r.run, r]));
      const overran = reports.filter((r) => r.outcome === 'time');
      expect(overran.map((r) => r.lane)).toEqual(['shared', 'shared', 'shared', 'shared']);
      // Every probation run was cut at the fast-lane limit and ran again in the shared lane.
      const hostileIds = new Set(overran.map((r) => r.id));
      expect(reports.filter((r) => r.lane === 'probation' && hostileIds.has(r.id)).every((r) => r.outcome === 'cut')).toBe(true);
      // The hostile config named "Ordinary" is another config: the real one kept its record,
      // and never waited while shared-lane runs held every process.
      const ordinaryRuns = reports.filter((r) => r.what.includes('Ordinary') && r.outcome === 'finished');
      expect(ordinaryRuns.map((r) => r.standing)).toEqual(['new', 'good']);
      // A good record of seconds ago: probation, beside the shared lane, before every new config.
      // Probation needs a ready spare process; on a starved machine the spare that replaced a cut
      // run may still be starting (SECURITY.md: the wait is then one process start or the shared
      // run's end). Either way the good record goes before the new configs still waiting.
      const second = ordinaryRuns[1]!;
      expect(['probation', 'shared']).toContain(second.lane);
      if (second.lane === 'probation') {
        for (const r of ordinaryRuns) expect(r.waitedBehind.filter((set) => set.every((run) => byRun.get(run)?.lane === 'shared'))).toEqual([]);
      } else {
        expect(overran.filter((r) => r.run > second.run).length).toBeGreaterThan(0);
      }
    } finally {
      stop();
      await fair.close();
    }
  });

  it('cuts a config with a good record that runs long, and runs it again with the full limit: a runaway still fails alone', async () => {
    const cutting = new SandboxPool({ ...sandboxOptionsFromEnv(), processes: 2, timeoutMs: 2000, fastLaneMs: 100 });
    const onCutting = sandboxedEvaluator(cutting);
    const { reports, stop } = collect(cutting);
    try {
      await cutting.ready();
      await earnGoodRecord(onCutting, reports);
      await expect(onCutting.judgeResponse(backtracking, response('a'.repeat(40), 'text/plain'))).rejects.toMatchObject({
        code: 'EXPRESSION_LIMIT',
        message: expect.stringMatching(/time limit \(2000 ms\)/),
      });
      // With a good record it is cut on probation first, then overruns in the shared lane. On a
      // starved machine the record may have turned mixed (slow finishes): then it runs in the
      // shared lane from the start. Either way the runaway fails alone, with the full limit.
      const [before, last] = reports.slice(-2);
      expect([last!.lane, last!.outcome]).toEqual(['shared', 'time']);
      if (before!.standing === 'good' && before!.outcome === 'cut') {
        expect(before!.lane).toBe('probation');
        expect(before!.id).toBe(last!.id);
      } else expect(last!.standing).not.toBe('good');
      await expectWorks(onCutting);
    } finally {
      stop();
      await cutting.close();
    }
  });

  it('runs a slow evaluation cut from the fast lane to its end: the cut costs time, never the delivery', async () => {
    const cutting = new SandboxPool({ ...sandboxOptionsFromEnv(), processes: 2, timeoutMs: 60_000, fastLaneMs: 100 });
    const onCutting = sandboxedEvaluator(cutting);
    const { reports, stop } = collect(cutting);
    try {
      await cutting.ready();
      await earnGoodRecord(onCutting, reports);
      // About 2^24 steps of backtracking: well past 100 ms, well inside 60 s, however busy the machine.
      const verdict = await onCutting.judgeResponse(backtracking, response('a'.repeat(24), 'text/plain'));
      expect(verdict.outcome).toBeDefined();
      // With a good record it starts on probation, is cut at 100 ms and runs again in the shared
      // lane to its end. On a starved machine the record may have turned mixed (its finishes were
      // slow): then it runs in the shared lane from the start. Either way it ends finished.
      const [before, last] = reports.slice(-2);
      expect([last!.lane, last!.outcome]).toEqual(['shared', 'finished']);
      if (before!.standing === 'good' && before!.outcome === 'cut') expect(before!.lane).toBe('probation');
      else expect(last!.standing).not.toBe('good');
    } finally {
      stop();
      await cutting.close();
    }
  });
});
