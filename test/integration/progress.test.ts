import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { runCli } from '../helpers/run-cli.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';

let harness: Harness;
let receiver: Receiver;
let dir: string;

beforeAll(async () => {
  [harness, receiver, dir] = await Promise.all([startHarness(), startReceiver(), mkdtemp(join(tmpdir(), 'leadwire-progress-'))]);
});
afterAll(async () => {
  await harness?.close();
  await receiver?.close();
});

async function files(name: string, path: string, count: number, attempts = 1): Promise<[string, string]> {
  const dest = join(dir, `${name}.yaml`);
  await writeFile(dest, `name: ${name}\nurl: ${receiver.url}${path}\nallow_insecure_http: true\ntimeout: 10000\nbody:\n  format: json\n  mapping:\n    email: email\nretry:\n  max_attempts: ${attempts}\n  delay: 100\n`);
  const leads = join(dir, `${name}.jsonl`);
  await writeFile(leads, Array.from({ length: count }, (_, i) => JSON.stringify({ id: `${name}-${i}`, email: `${i}@example.com` })).join('\n') + '\n');
  return [dest, leads];
}

const connection = () => ['--address', inject('temporalAddress'), '--task-queue', harness.taskQueue];

describe('deliver --leads', () => {
  it('delivers a file of leads with bounded concurrency and ends with a summary table and Web UI link', async () => {
    // Three attempts: on a starved machine one attempt may time out, and the lead must still end delivered, not parked.
    const [dest, leads] = await files('Batch CRM', '/leads', 40, 3);
    const run = await runCli(['deliver', dest, '--leads', leads, '--wait', '--concurrency', '8', ...connection()]);
    expect(run.code).toBe(0);
    // Not a terminal: no progress bar drawn, stderr stays clean for scripts.
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/leads\s+40/);
    expect(run.stdout).toMatch(/delivered\s+40/);
    expect(run.stdout).toMatch(/failed\s+0/);
    expect(run.stdout).toMatch(/latency p50\s+\d+ ms/);
    expect(run.stdout).toMatch(/latency p95\s+\d+ ms/);
    expect(run.stdout).toContain(`/namespaces/default/workflows?query=${encodeURIComponent('LeadwireDestination="Batch CRM"')}`);
    expect(new Set(receiver.requests.map((r) => r.headers['idempotency-key']).filter((k) => k?.startsWith('batch-crm--'))).size).toBe(40);
  });

  it('--json gives machines the summary and every delivery; failures exit 1', async () => {
    const [dest, leads] = await files('Batch Strict', '/status/422', 3);
    const run = await runCli(['deliver', dest, '--leads', leads, '--wait', '--json', ...connection()]);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.summary).toMatchObject({ total: 3, delivered: 0, failed: 3, started: 3 });
    expect(out.deliveries.map((d: { outcome: string }) => d.outcome)).toEqual(['failure', 'failure', 'failure']);
    expect(out.webUi).toMatch(/LeadwireDestination/);

    // Starting the same file again starts nothing new.
    const again = await runCli(['deliver', dest, '--leads', leads, '--json', ...connection()]);
    expect(JSON.parse(again.stdout).summary).toMatchObject({ total: 3, started: 0, existing: 3 });
  });
});
