import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DestinationSchema, type DestinationInput } from '../../../src/config/destination-schema.js';
import { parseDestination } from '../../../src/config/parse-destination.js';
import type { SendResult } from '../../../src/core/delivery/send-result.js';
import { maskingSecretResolver } from '../../../src/core/secrets/secret-refs.js';
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

  it('confines a config that overran to one process at a time', async () => {
    const hostile = withMapping({ ok: { $expr: '$contains(email, /^(a|a)*$/)' } }, 'Repeat offender');
    const lead = { id: 'L3', email: `${'a'.repeat(40)}!` };
    await expect(evaluator.renderRequest(hostile, lead, context, maskingSecretResolver)).rejects.toMatchObject({ code: 'EXPRESSION_LIMIT' });
    // Two more of its evaluations and an ordinary one: the ordinary one never waits behind both.
    const finished: string[] = [];
    const runs = [1, 2].map((n) =>
      evaluator.renderRequest(hostile, lead, context, maskingSecretResolver).catch(() => finished.push(`hostile ${n}`)),
    );
    await ordinary().then(() => finished.push('ordinary'));
    await Promise.all(runs);
    expect(finished[0]).toBe('ordinary');
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
