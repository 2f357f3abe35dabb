import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../../src/core/errors/error-codes.js';
import { DestinationSchema, type DestinationInput } from '../../../../src/config/destination-schema.js';
import { describeNetworkError } from '../../../../src/core/delivery/network-errors.js';
import type { SendResult } from '../../../../src/core/delivery/send-result.js';
import { workerLostResult } from '../../../../src/core/delivery/worker-lost.js';
import { AT_MOST_ONCE_CODE, mayHaveReachedDestination } from '../../../../src/core/response/at-most-once.js';
import { judgeResponse } from '../../../../src/core/response/judge-response.js';

const dest = (extra: Partial<DestinationInput> = {}) => DestinationSchema.parse({ name: 'Pay per lead', url: 'https://crm.example/leads', ...extra });
const at = { url: 'https://crm.example/leads', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 10 };
const response = (status: number): SendResult => ({ kind: 'response', ...at, response: { status, headers: { 'content-type': 'application/json' }, body: '{}', truncated: false } });
const network = (code: ErrorCode): SendResult => ({ kind: 'network-error', ...at, code, message: `failed with ${code}` });

describe('at_most_once', () => {
  it('is off by default: a 503 or a timeout is retried as before', () => {
    expect(dest().at_most_once).toBe(false);
    expect(judgeResponse(dest(), response(503))).toMatchObject({ errorCode: 'HTTP_503', retryable: true });
    expect(judgeResponse(dest(), network('TIMEOUT'))).toMatchObject({ errorCode: 'TIMEOUT', retryable: true });
  });

  it('stops after any answer that would have been retried, naming the first code and what to do', () => {
    const v = judgeResponse(dest({ at_most_once: true }), response(503));
    expect(v).toMatchObject({ outcome: 'error', errorCode: AT_MOST_ONCE_CODE, retryable: false });
    expect(v.reason).toContain('HTTP 503');
    expect(v.reason).toContain('was HTTP_503');
    expect(v.reason).toContain('leadwire retry');
  });

  it('stops after failures that may have reached the destination: timeout, reset, a lost worker', () => {
    const d = dest({ at_most_once: true });
    for (const sent of [network('TIMEOUT'), network('CONNECTION_RESET'), network('NETWORK_ERROR'), workerLostResult(at.url, at.startedAt, 16_000, 16_000)]) {
      expect(judgeResponse(d, sent)).toMatchObject({ outcome: 'error', errorCode: AT_MOST_ONCE_CODE, retryable: false });
    }
  });

  it('still retries failures before the request was written', () => {
    const d = dest({ at_most_once: true });
    for (const code of ['CONNECTION_REFUSED', 'DNS_FAILURE', 'HOST_UNREACHABLE'] as const) {
      expect(judgeResponse(d, network(code))).toMatchObject({ errorCode: code, retryable: true });
    }
  });

  it('leaves success and answers that are not retried anyway as they are', () => {
    const d = dest({ at_most_once: true });
    expect(judgeResponse(d, response(200)).outcome).toBe('success');
    expect(judgeResponse(d, response(422))).toMatchObject({ outcome: 'failure', errorCode: 'HTTP_422', retryable: false });
  });

  it('agrees with the network error map on which failures may have reached the destination', () => {
    const raw = ['ETIMEDOUT', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'CERT_HAS_EXPIRED', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ESOMETHINGNEW'];
    for (const code of raw) {
      const info = describeNetworkError(code, 1000);
      expect(mayHaveReachedDestination(network(info.code)), code).toBe(info.ambiguous);
    }
  });
});

describe('a lost worker (send activity timed out)', () => {
  it('is an ambiguous network error, retried by default, that says what happened', () => {
    const sent = workerLostResult(at.url, at.startedAt, 16_000, 16_000);
    const v = judgeResponse(dest(), sent);
    expect(v).toMatchObject({ outcome: 'error', errorCode: 'WORKER_LOST', retryable: true });
    expect(v.reason).toContain('16000 ms activity timeout');
    expect(mayHaveReachedDestination(sent)).toBe(true);
  });
});
