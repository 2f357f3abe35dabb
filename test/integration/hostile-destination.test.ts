import { describe, expect, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';

// Issue 12, items 4 and 5: a hostile destination or response once crashed the worker (an
// uncatchable out-of-memory) or held its event loop for minutes. Now it fails its own delivery
// with EXPRESSION_LIMIT, and the worker goes on delivering everyone else's leads meanwhile.
const { harness, receiver } = useHarnessAndReceiver();

const destination = (name: string, extra: Partial<DestinationInput> = {}): DestinationInput => ({
  name,
  url: `${receiver.url}/leads`,
  allow_insecure_http: true,
  timeout: 10_000,
  body: { format: 'json', mapping: { email: 'email' } },
  retry: { max_attempts: 2, delay: 50 },
  park: { window: 0 },
  ...extra,
});

describe('a worker given a hostile destination', () => {
  it('keeps delivering an ordinary lead while a catastrophic regex is stopped', async () => {
    const hostile = destination('Hostile regex', { body: { format: 'json', mapping: { ok: { $expr: '$contains(email, /^(a|a)*$/)' } } } });
    const bad = await harness.client.startDelivery(hostile, { id: `h-${Date.now()}`, email: `${'a'.repeat(40)}!` });
    const good = await harness.client.startDelivery(destination('Ordinary'), { id: `o-${Date.now()}`, email: 'ok@example.com' });
    const [badResult, goodResult] = await Promise.all([bad.handle.result(), good.handle.result()]);
    expect(goodResult.outcome).toBe('success');
    expect(badResult).toMatchObject({ outcome: 'error', errorCode: 'EXPRESSION_LIMIT' });
    expect(badResult.reason).toMatch(/time limit/);
    // The ordinary lead did not wait for the hostile one to be stopped.
    expect(Date.parse(goodResult.finishedAt!)).toBeLessThan(Date.parse(badResult.finishedAt!));
    expect(receiver.requests.map((r) => JSON.parse(r.body))).toEqual([{ email: 'ok@example.com' }]);
  });

  it('stops a response regex that backtracks on a hostile body, without sending twice', async () => {
    const judged = destination('Hostile response', { url: `${receiver.url}/leads?body=${encodeURIComponent(`${'a1'.repeat(30)}!`)}&content_type=text/plain`, response_parser: { id: '/^(\\w|\\d)+$/' } });
    const started = await harness.client.startDelivery(judged, { id: `r-${Date.now()}`, email: 'r@example.com' });
    const result = await started.handle.result();
    // Either the regex engine finished inside the limit (success), or the sandbox stopped it:
    // judging is not retried, so the buyer got the lead exactly once.
    if (result.outcome !== 'success') expect(result.errorCode).toBe('EXPRESSION_LIMIT');
    expect(receiver.requests).toHaveLength(1);
  });
});
