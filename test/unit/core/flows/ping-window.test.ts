import { describe, expect, it } from 'vitest';
import { pingAnswerTimes } from '../../../../src/core/flows/bids.js';
import { pingAttemptTimeoutMs, pingCutByWindow, pingMayRetry, pingWindowStartMs } from '../../../../src/core/flows/ping-window.js';

const T0 = Date.parse('2026-12-07T22:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const sent = (ms: number, errorCode?: string) => ({ startedAt: at(ms), ...(errorCode ? { errorCode } : {}) });

describe("a buyer's bid window, from its ping's own send", () => {
  it('opens at the first attempt sent; the next attempt opens it when none was', () => {
    expect(pingWindowStartMs([])).toBeUndefined();
    expect(pingWindowStartMs([sent(12_000, 'HTTP_503'), sent(12_500)])).toBe(T0 + 12_000);
    // A ping started at 0 whose first send waited 12 s for a worker has its whole 5 s window from 12 s.
    expect(pingAttemptTimeoutMs([], 5000, 30_000, T0 + 12_000)).toBe(5000);
  });

  it('an attempt lost with its worker does not use the window up: the next one opens a fresh one', () => {
    const lost = [sent(0, 'WORKER_LOST')];
    expect(pingWindowStartMs(lost)).toBeUndefined();
    expect(pingMayRetry(lost, 5000, T0 + 10_000, 200)).toBe(true);
    expect(pingAttemptTimeoutMs(lost, 5000, 30_000, T0 + 10_200)).toBe(5000);
    expect(pingWindowStartMs([...lost, sent(10_200)])).toBe(T0 + 10_200);
  });

  it('cuts each attempt at what is left of the window, and starts no retry after it', () => {
    const first = [sent(0, 'HTTP_503')];
    expect(pingAttemptTimeoutMs(first, 5000, 30_000, T0 + 1200)).toBe(3800);
    // The ping's own timeout, when shorter, still applies.
    expect(pingAttemptTimeoutMs(first, 5000, 2000, T0 + 1200)).toBe(2000);
    expect(pingMayRetry(first, 5000, T0 + 4000, 999)).toBe(true);
    expect(pingMayRetry(first, 5000, T0 + 4000, 1000)).toBe(false);
    // A buyer that never answers is cut at the window, however many attempts its ping allows,
    // even judged on a clock that stood still while the attempt ran (the first workflow task's).
    const cut = [{ ...sent(0, 'TIMEOUT'), durationMs: 5000 }];
    expect(pingMayRetry(cut, 5000, T0, 200)).toBe(false);
    expect(pingAttemptTimeoutMs(cut, 5000, 30_000, T0 + 6000)).toBe(1);
  });

  it('says when a ping without a bid was cut by the window rather than by its own shorter timeout', () => {
    expect(pingCutByWindow({ outcome: 'failure', errorCode: 'TIMEOUT' }, 5000, 30_000)).toBe(true);
    expect(pingCutByWindow({ outcome: 'failure', errorCode: 'TIMEOUT' }, 5000, 1000)).toBe(false);
    expect(pingCutByWindow({ outcome: 'failure', errorCode: 'HTTP_500' }, 5000, 30_000)).toBe(false);
  });
});

describe('a bid is timed from its ping’s send to its answer', () => {
  it('reads the send and the answer of the attempt that gave the record', () => {
    const attempt = (ms: number, durationMs: number) => ({ attempt: 1, startedAt: at(ms), durationMs, url: 'u', outcome: 'success' as const, reason: 'ok' });
    expect(pingAnswerTimes({ attempts: [{ ...attempt(0, 10_000), outcome: 'error' as const, errorCode: 'WORKER_LOST' }, attempt(10_200, 40)] })).toEqual({ sentAtMs: T0 + 10_200, receivedAtMs: T0 + 10_240 });
    expect(pingAnswerTimes({ attempts: [] })).toBeUndefined();
  });
});
