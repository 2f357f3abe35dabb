import { afterAll, describe, expect, it } from 'vitest';
import { parseDestination } from '../../../src/config/parse-destination.js';
import type { SendResult } from '../../../src/core/delivery/send-result.js';
import { LeadwireError } from '../../../src/core/errors/leadwire-error.js';
import { maskingSecretResolver } from '../../../src/core/secrets/secret-refs.js';
import { sandboxedEvaluator } from '../../../src/sandbox/evaluator.js';
import { sandboxOptionsFromEnv } from '../../../src/sandbox/sandbox-options-from-env.js';
import { SandboxPool } from '../../../src/sandbox/sandbox-pool.js';
import { prng, type Rng } from '../../helpers/seeded-random.js';

// Issue 12: hostile expressions, regexes and XPath queries, generated from a seed, each run
// through the sandbox with a time and memory budget. No case may crash this process (the
// worker) or hold an evaluation past its budget, and the sandbox must still work afterwards.
const SEED = Number(process.env.LEADWIRE_FUZZ_SEED ?? 0x1ead);
const CASES = Number(process.env.LEADWIRE_FUZZ_EVAL_CASES ?? 16);
const TIME_LIMIT_MS = 1000;
const MEMORY_MB = 64;
/** Past the sandbox's own limit: killing the process and reporting it. Starting a new one is not counted. */
const BUDGET_MS = TIME_LIMIT_MS + 1500;

const pool = new SandboxPool({ ...sandboxOptionsFromEnv(), processes: 2, timeoutMs: TIME_LIMIT_MS, memoryMb: MEMORY_MB });
const evaluator = sandboxedEvaluator(pool);
afterAll(() => pool.close());

const SIZES = [3, 1000, 100_000, 10_000_000, 300_000_000];
const expression = (rng: Rng): string => {
  const n = rng.pick(SIZES);
  return rng.pick([
    `$pad("x", ${n})`,
    `$join([1..${Math.min(n, 10_000_000)}].$string())`,
    `$sum([1..${Math.min(n, 10_000_000)}])`,
    `$reduce([1..${Math.min(n, 100_000)}], function($acc, $v) { $acc & $acc })`,
    `( $f := function($k) { $k > 0 ? $f($k - 1) + $f($k - 1) : 1 }; $f(${Math.min(n, 40)}) )`,
    '$contains(email, /^(a|a)*$/)',
    '$match(email, /(a+a+)+b/)',
    '$replace(email, /a*a*a*a*a*$/, "b")',
    '$split(email, /(a|aa)+c/)',
    `${'$uppercase('.repeat(Math.min(n, 300))}email${')'.repeat(Math.min(n, 300))}`,
    '$string($)',
  ]);
};
const REGEXES = ['/^(\\w|\\d)+$/', '/\\s+$/', '/(a|aa)+$/', '/(.*a){12}/', '/^(a+)+$/', '/(x+x+)+y/', '/id: (\\d+)/'];
const XPATHS = ['//status', 'count(//*[. = //*])', '//*[count(preceding::*) >= 0]', '//a//a//a', 'sum(//*)', 'string-length(string(/)) > 0', '//status[. = //status]'];
const body = (rng: Rng): { text: string; type: string } => {
  const n = rng.pick([10, 1000, 2400, 20_000]);
  return rng.pick([
    { text: `<r>${'<status>x</status>'.repeat(Math.min(n, 2400))}</r>`, type: 'application/xml' },
    { text: `<r>${'<a>'.repeat(Math.min(n, 2000))}${'</a>'.repeat(Math.min(n, 2000))}</r>`, type: 'application/xml' },
    { text: `${' '.repeat(n * 3)}x`, type: 'text/plain' },
    { text: `${'a1'.repeat(n)}!`, type: 'text/plain' },
    { text: `${'a'.repeat(Math.min(n, 60))}c`, type: 'text/plain' },
  ]);
};

const context = { deliveryId: 'fuzz-eval', now: '2026-01-05T15:00:00.000Z' };
const response = (text: string, type: string): SendResult => ({
  kind: 'response',
  url: 'https://crm.example/leads',
  startedAt: context.now,
  durationMs: 1,
  response: { status: 200, headers: { 'content-type': type }, body: text, truncated: false },
});

/** One case: accepted, or refused with a LeadwireError that says why; within the budget either way. */
async function withinBudget(what: string, run: () => Promise<unknown>): Promise<string> {
  await pool.ready();
  const started = performance.now();
  try {
    await run();
    return 'ok';
  } catch (err) {
    if (!(err instanceof LeadwireError)) throw new Error(`${what}: threw ${(err as Error)?.name}: ${(err as Error)?.message}`, { cause: err });
    expect(err.message.length, what).toBeGreaterThan(10);
    return err.code;
  } finally {
    expect(performance.now() - started, `${what} ran past its budget`).toBeLessThan(BUDGET_MS);
  }
}

describe(`fuzz of evaluations in the sandbox (seed ${SEED}, ${CASES} cases of each kind)`, () => {
  const rssBefore = process.memoryUsage().rss;
  const codes = new Map<string, number>();
  const count = (code: string) => codes.set(code, (codes.get(code) ?? 0) + 1);

  it('hostile expressions in a body mapping and skip rules', async () => {
    const rng = prng(SEED + 10);
    for (let i = 0; i < CASES; i++) {
      const expr = expression(rng);
      const where = rng.pick(['mapping', 'skip']);
      const raw = { name: 'Fuzz', url: 'https://crm.example/leads', body: { format: 'json', mapping: where === 'mapping' ? { v: { $expr: expr } } : { email: 'email' } }, ...(where === 'skip' ? { skip: [{ when: expr, reason: 'fuzz' }] } : {}) };
      const lead = { id: `L${i}`, email: `${'a'.repeat(rng.pick([5, 30, 45]))}!` };
      count(await withinBudget(`expression #${i} ${expr.slice(0, 60)}`, async () => evaluator.renderRequest(parseDestination(raw), lead, context, maskingSecretResolver)));
    }
  });

  it('hostile response regexes and XPath queries against hostile bodies', async () => {
    const rng = prng(SEED + 11);
    for (let i = 0; i < CASES; i++) {
      const b = body(rng);
      const path = b.type === 'application/xml' && rng.next() < 0.7 ? { xpath: rng.pick(XPATHS) } : rng.pick(REGEXES);
      const what = `response #${i} ${JSON.stringify(path)} on ${b.type} (${b.text.length} chars)`;
      count(await withinBudget(what, async () => evaluator.judgeResponse(parseDestination({ name: 'Fuzz', url: 'https://crm.example/leads', response_parser: { v: path } }), response(b.text, b.type))));
    }
  });

  it('left the sandbox working and this process whole', async () => {
    const ordinary = parseDestination({ name: 'Ordinary', url: 'https://crm.example/leads', body: { format: 'json', mapping: { email: 'email' } } });
    expect(await evaluator.renderRequest(ordinary, { id: 'L', email: 'a@example.com' }, context, maskingSecretResolver)).toMatchObject({ kind: 'request' });
    // The limits were really reached (not every case was harmless), and none of it landed here.
    expect(codes.get('EXPRESSION_LIMIT') ?? 0, JSON.stringify([...codes])).toBeGreaterThan(0);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });
});
