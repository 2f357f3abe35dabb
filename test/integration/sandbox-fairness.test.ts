import { describe, expect, it, vi } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { sharedSandbox } from '../../src/sandbox/evaluator.js';
import type { EvaluationReport } from '../../src/sandbox/evaluation-report.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';

// Issue 20, item 4: six hostile configs under fresh names, each a JSONata regex that backtracks
// for minutes, took both sandbox processes in turn; an ordinary delivery's render queued behind
// them for 17 to 26 s. Naming one of them after a victim ("Acme CRM") got the victim confined
// for ten minutes. Now configs are told apart by a hash of the config, configs without a good
// record run with the full time limit on at most half the processes; one with a good record
// never waits while they hold every process. The defaults (2 processes, a 500 ms fast lane), but a
// 1500 ms limit, so that six overruns in turn take half as long as with the default 3000 ms.
const { harness, receiver } = useHarnessAndReceiver({ harness: { worker: { sandbox: { processes: 2, timeoutMs: 1500, fastLaneMs: 500 } } } });

const run = `${Date.now()}`;
const destination = (name: string, extra: Partial<DestinationInput> = {}): DestinationInput => ({
  name,
  url: `${receiver.url}/leads`,
  allow_insecure_http: true,
  timeout: 5000,
  body: { format: 'json', mapping: { email: 'email' } },
  retry: { max_attempts: 2, delay: 50 },
  park: { window: 0 },
  ...extra,
});
const hostile = (name: string) => destination(name, { body: { format: 'json', mapping: { ok: { $expr: '$match(email, /^(a|a)*b$/)' } } } });
const hostileLead = (n: number) => ({ id: `h${n}-${run}`, email: 'a'.repeat(40) });

describe('the sandbox under hostile configs with fresh names', () => {
  it('delivers an ordinary lead, and a victim\'s named like a hostile config, without waiting behind any of them', { timeout: 180_000 }, async () => {
    const { pool } = sharedSandbox();
    const reports: EvaluationReport[] = [];
    const stop = pool.onEvaluation((r) => reports.push(r));
    const ordinary = destination('Ordinary CRM');
    const victim = destination('Acme CRM', { body: { format: 'json', mapping: { email: 'email', source: { $expr: '"web"' } } } });
    // Both have delivered before: they have a good record.
    for (const [d, id] of [[ordinary, `o0-${run}`], [victim, `v0-${run}`]] as const) {
      expect((await (await harness.client.startDelivery(d, { id, email: 'first@example.com' })).handle.result()).outcome).toBe('success');
    }

    // The attack: six hostile configs under fresh names, one of them named after the victim.
    const names = ['Acme CRM', ...[1, 2, 3, 4, 5].map((n) => `Fresh ${n} ${run}`)];
    const attacks = await Promise.all(names.map((name, n) => harness.client.startDelivery(hostile(name), hostileLead(n))));
    // It is under way once a hostile evaluation runs and others wait for it.
    await vi.waitFor(
      () => {
        const { queued, running } = pool.activity();
        expect(running.length).toBeGreaterThan(0);
        expect(queued).toBeGreaterThan(0);
      },
      { timeout: 60_000, interval: 20 },
    );
    const started = reports.length;

    const deliver = async (d: DestinationInput, id: string) => (await harness.client.startDelivery(d, { id, email: 'next@example.com' })).handle.result();
    const [ordinaryResult, victimResult] = await Promise.all([deliver(ordinary, `o1-${run}`), deliver(victim, `v1-${run}`)]);
    expect(ordinaryResult.outcome).toBe('success');
    expect(victimResult.outcome).toBe('success');

    // A hostile delivery fails on its own, with EXPRESSION_LIMIT (the first to end; the others
    // wait their turn in the shared lane, one overrun after another).
    expect(await Promise.race(attacks.map((a) => a.handle.result().then((r) => r.errorCode ?? r.outcome, () => 'failed')))).toBe('EXPRESSION_LIMIT');

    // Every evaluation of the two deliveries made during the attack: the render and the judge.
    const theirs = reports.slice(started).filter((r) => /for delivery \S+--(o1|v1)-|response of (Ordinary|Acme) CRM/.test(r.what) && r.outcome !== 'cut');
    expect(theirs.map((r) => r.op).sort()).toEqual(expect.arrayContaining(['judgeResponse', 'judgeResponse', 'renderRequest', 'renderRequest']));
    // What they waited behind has ended, so how it ended is known.
    const behind = [...new Set(theirs.flatMap((r) => r.waitedBehind.flat()))];
    await vi.waitFor(() => expect(behind.filter((run) => !reports.some((r) => r.run === run))).toEqual([]), { timeout: 60_000, interval: 50 });
    stop();
    const overran = reports.filter((r) => r.outcome === 'time' || r.outcome === 'memory');
    expect(overran.length).toBeGreaterThan(0);
    const overranRuns = new Set(overran.map((r) => r.run));
    const overranIdentities = new Set(overran.map((r) => r.identity));
    for (const r of theirs) {
      // It never waited while every process was held by evaluations that went on to overrun.
      const behindOverruns = r.waitedBehind.filter((set) => set.every((run) => overranRuns.has(run)));
      expect({ what: r.what, outcome: r.outcome, behindOverruns }).toEqual({ what: r.what, outcome: 'finished', behindOverruns: [] });
      // The victim kept its record: the hostile "Acme CRM" is another config, so another identity,
      // and what overran is never the victim's (or the ordinary destination's).
      expect({ what: r.what, standing: r.standing, sharesAnOverrunIdentity: overranIdentities.has(r.identity) }).toEqual({
        what: r.what,
        standing: expect.stringMatching(/^(good|mixed)$/),
        sharesAnOverrunIdentity: false,
      });
    }
    expect(receiver.requests.map((r) => JSON.parse(r.body) as unknown)).toEqual(
      expect.arrayContaining([{ email: 'next@example.com' }, { email: 'next@example.com', source: 'web' }]),
    );
    // The rest of the attack is not this test's: its deliveries end here, and the renders still
    // queued are refused, so that the worker stops without waiting for them.
    await Promise.all(attacks.map((a) => a.handle.terminate('test over').catch(() => undefined)));
    await pool.close();
  });
});
