import { randomUUID } from 'node:crypto';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLeadwireClient, type LeadwireClient } from '../../src/client/index.js';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { installRuntime } from '../../src/temporal/install-runtime.js';
import { createLeadwireWorker, type LeadwireWorker } from '../../src/worker.js';
import { LOOPBACK } from '../helpers/temporal-harness.js';
import { secretEnv } from '../helpers/granted-secrets.js';
import { PATIENCE_MS } from '../helpers/eventually.js';

// The shared prebuilt bundle has no tracing interceptors: this worker bundles its own at start.
const API_KEY = `key-${randomUUID()}`;
const exporter = new InMemorySpanExporter();
let receiver: Receiver;
let worker: LeadwireWorker;
let running: Promise<void>;
let client: LeadwireClient;
let nativeConnection: NativeConnection;

beforeAll(async () => {
  const address = inject('temporalAddress');
  const taskQueue = `tracing-${randomUUID()}`;
  installRuntime();
  [receiver, nativeConnection] = await Promise.all([startReceiver(), NativeConnection.connect({ address })]);
  worker = await createLeadwireWorker({
    connection: nativeConnection,
    taskQueue,
    network: { allow: LOOPBACK },
    env: secretEnv({ API_KEY }),
    codecKeys: null,
    tracing: exporter,
  });
  running = worker.run();
  client = await createLeadwireClient({ address, taskQueue, codecKeys: null, tracing: exporter });
});

afterAll(async () => {
  worker?.worker.shutdown();
  await running;
  await client?.close();
  await nativeConnection?.close();
  await receiver?.close();
});

const destination = (): DestinationInput => ({
  name: 'Traced CRM',
  url: `${receiver.url}/leads`,
  allow_insecure_http: true,
  headers: { 'X-Api-Key': '${API_KEY}' },
  timeout: 10_000,
  body: { format: 'json', mapping: { email: 'email' } },
});

/** Workflow spans arrive through a sink after the workflow task completes, so they may trail the result. */
async function spansUntil(done: (spans: ReadableSpan[]) => boolean, timeoutMs = PATIENCE_MS): Promise<ReadableSpan[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const spans = exporter.getFinishedSpans();
    if (done(spans) || Date.now() > deadline) return spans;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('OpenTelemetry tracing', () => {
  it('traces a delivery from StartWorkflow through RunWorkflow to RunActivity in one trace, with no secret in span attributes', async () => {
    expect(worker.tracingExportsTo).toBe('the given InMemorySpanExporter');
    const lead = { id: `t-${randomUUID()}`, email: 'jane@example.com' };
    const result = await client.deliver(destination(), lead);
    expect(result.outcome).toBe('success');
    // The secret really was used: the receiver got it in the header.
    expect(receiver.requests.at(-1)?.headers['x-api-key']).toBe(API_KEY);

    // A first attempt runs as the deliverFirstAttempt local activity inside the first workflow task.
    const names = ['StartWorkflow:deliverLead', 'RunWorkflow:deliverLead', 'StartActivity:deliverFirstAttempt', 'RunActivity:deliverFirstAttempt'];
    const spans = await spansUntil((all) => names.every((n) => all.some((s) => s.name === n)));
    const byName = (name: string) => spans.find((s) => s.name === name);
    for (const name of names) expect(byName(name), `span ${name} among ${spans.map((s) => s.name).join(', ')}`).toBeDefined();

    const traceIds = new Set(names.map((n) => byName(n)!.spanContext().traceId));
    expect(traceIds.size).toBe(1);
    expect(byName('RunWorkflow:deliverLead')!.parentSpanId).toBe(byName('StartWorkflow:deliverLead')!.spanContext().spanId);
    expect(byName('RunActivity:deliverFirstAttempt')!.parentSpanId).toBe(byName('StartActivity:deliverFirstAttempt')!.spanContext().spanId);
    expect(byName('RunActivity:deliverFirstAttempt')!.attributes.temporalWorkflowId).toBe(result.deliveryId);

    // Only names, ids and the task queue: no secret, no lead field, no destination config.
    for (const span of spans) {
      const attributes = JSON.stringify(span.attributes);
      expect(attributes).not.toContain(API_KEY);
      expect(attributes).not.toContain('jane@example.com');
      expect(attributes).not.toContain(receiver.url);
      expect(JSON.stringify(span.events)).not.toContain(API_KEY);
      for (const value of Object.values(span.attributes)) expect(['string', 'number', 'boolean']).toContain(typeof value);
    }
  });
  it('traces a send made by the sendLead activity (an at_most_once destination) under the same trace', async () => {
    const lead = { id: `t-${randomUUID()}`, email: 'jane@example.com' };
    const result = await client.deliver({ ...destination(), at_most_once: true }, lead);
    expect(result.outcome).toBe('success');
    const isThis = (s: ReadableSpan) => s.attributes.temporalWorkflowId === result.deliveryId;
    const spans = await spansUntil((all) => all.some((s) => s.name === 'RunActivity:sendLead' && isThis(s)));
    const run = spans.find((s) => s.name === 'RunActivity:sendLead' && isThis(s));
    expect(run, `RunActivity:sendLead among ${spans.map((s) => s.name).join(', ')}`).toBeDefined();
    const start = spans.find((s) => s.name === 'StartActivity:sendLead' && s.spanContext().spanId === run!.parentSpanId);
    expect(start).toBeDefined();
    expect(start!.spanContext().traceId).toBe(run!.spanContext().traceId);
    for (const span of spans) expect(JSON.stringify(span.attributes)).not.toContain(API_KEY);
  });
});
