import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';
import { secretEnv } from '../helpers/granted-secrets.js';

let receiver: Receiver;
let harness: Harness;
const logLines: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  [receiver, harness] = await Promise.all([
    startReceiver(),
    startHarness({ env: secretEnv({ CRM_TOKEN: 'tok-very-secret' }), worker: { metricsPort: 0, logger: createLogger({ destination: sink, level: 'info' }) } }),
  ]);
});
afterAll(async () => {
  await harness?.close();
  await receiver?.close();
});

const destination = (name: string, path: string): DestinationInput => ({
  name,
  url: `${receiver.url}${path}`,
  allow_insecure_http: true,
  headers: { Authorization: 'Bearer ${CRM_TOKEN}' },
  timeout: 10_000,
  body: { format: 'json', mapping: { email: 'email' } },
  retry: { max_attempts: 3, delay: 10 },
});

function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('worker metrics', () => {
  it('counts deliveries by destination and outcome, attempts, and latency histograms after real deliveries', async () => {
    const lead = (id: string) => ({ id, email: `${id}@example.com` });
    const results = await Promise.all([
      harness.client.deliver(destination('Metrics OK', '/leads'), lead('m-1')),
      harness.client.deliver(destination('Metrics OK', '/leads'), lead('m-2')),
      harness.client.deliver(destination('Metrics Flaky', '/leads?fail=1&fail_status=503'), lead('m-3')),
      harness.client.deliver(destination('Metrics Strict', '/status/422'), lead('m-4')),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['success', 'success', 'success', 'failure']);

    expect(harness.worker.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const res = await fetch(harness.worker.metricsUrl!);
    expect(res.status).toBe(200);
    const text = await res.text();

    expect(sample(text, 'leadwire_deliveries_total', { destination: 'Metrics OK', outcome: 'success' })).toBe(2);
    expect(sample(text, 'leadwire_deliveries_total', { destination: 'Metrics Flaky', outcome: 'success' })).toBe(1);
    expect(sample(text, 'leadwire_deliveries_total', { destination: 'Metrics Strict', outcome: 'failure' })).toBe(1);
    expect(sample(text, 'leadwire_attempts_total', { destination: 'Metrics Flaky', outcome: 'error' })).toBe(1);
    expect(sample(text, 'leadwire_attempts_total', { destination: 'Metrics Flaky', outcome: 'success' })).toBe(1);
    expect(sample(text, 'leadwire_http_response_seconds_count', { destination: 'Metrics Flaky', status_class: '5xx' })).toBe(1);
    expect(sample(text, 'leadwire_http_response_seconds_count', { destination: 'Metrics OK', status_class: '2xx' })).toBe(2);
    expect(sample(text, 'leadwire_delivery_duration_seconds_count', { destination: 'Metrics Strict', outcome: 'failure' })).toBe(1);
    // Labels and values never carry a secret or a URL.
    expect(text).not.toContain('tok-very-secret');
    expect(text).not.toContain(receiver.url);
  });

  it('logs one JSON line per attempt and per delivery, credentials redacted', () => {
    const entries = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const attempts = entries.filter((e) => e.event === 'attempt' && e.destination === 'Metrics Flaky');
    expect(attempts.map((a) => a.status)).toEqual([503, 200]);
    expect(attempts[0]).toMatchObject({ attempt: 1, url: `${receiver.url}/leads?fail=1&fail_status=503` });
    expect(typeof attempts[0]!.durationMs).toBe('number');
    const done = entries.find((e) => e.event === 'delivery' && e.leadId === 'm-4');
    expect(done).toMatchObject({ destination: 'Metrics Strict', outcome: 'failure', attempts: 1, errorCode: 'HTTP_422' });
    expect(logLines.join('\n')).not.toContain('tok-very-secret');
    expect(logLines.join('\n')).not.toContain('m-4@example.com');
  });
});
