import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { runCli } from '../helpers/run-cli.js';
import { secretEnv } from '../helpers/granted-secrets.js';

let receiver: Receiver;
let dir: string;

beforeAll(async () => {
  [receiver, dir] = await Promise.all([startReceiver(), mkdtemp(join(tmpdir(), 'leadwire-test-send-'))]);
});
afterAll(async () => receiver?.close());
beforeEach(() => receiver.clear());

async function destinationFile(path: string): Promise<string> {
  const file = join(dir, `dest-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(
    file,
    `name: Test Send CRM\nurl: ${receiver.url}${path}\nallow_insecure_http: true\ntimeout: 10000\nheaders:\n  Authorization: Bearer \${CRM_TOKEN}\nbody:\n  format: json\n  mapping:\n    email: email\nresponse_parser:\n  lead_id: lead.id\n`,
  );
  return file;
}

describe('leadwire test', () => {
  it('sends one real request and shows request, response, timing and verdict, secrets masked', async () => {
    const file = await destinationFile('/leads');
    const run = await runCli(['test', file, '--lead', '{"id":"t-1","email":"a@example.com"}'], secretEnv({ CRM_TOKEN: 'tok-super-secret' }));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/── REQUEST/);
    expect(run.stdout).toMatch(/── RESPONSE/);
    expect(run.stdout).toContain(`POST ${receiver.url}/leads`);
    expect(run.stdout).toContain('Authorization: Bearer ***CRM_TOKEN***');
    expect(run.stdout).toContain('HTTP 200');
    expect(run.stdout).toMatch(/timing\s+\d+ ms/);
    expect(run.stdout).toMatch(/verdict\s+✔ success: Accepted with HTTP 200/);
    expect(run.stdout).not.toContain('tok-super-secret');
    // The receiver got the real secret: it was sent, just never printed.
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.headers.authorization).toBe('Bearer tok-super-secret');
    expect(receiver.requests[0]!.headers['idempotency-key']).toMatch(/^test-test-send-crm--t-1-\d+$/);
    expect(receiver.requests[0]!.headers['user-agent']).toMatch(/^leadwire\/\d+\.\d+\.\d+$/);
  });

  it('exits 1 and explains a rejected lead, with --json for machines', async () => {
    const file = await destinationFile('/status/422');
    const run = await runCli(['test', file, '--lead', '{"id":"t-2","email":"b@example.com"}', '--json'], secretEnv({ CRM_TOKEN: 'tok-super-secret' }));
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.request.headers.Authorization).toBe('Bearer ***CRM_TOKEN***');
    expect(report.sent.response.status).toBe(422);
    expect(report.verdict).toMatchObject({ outcome: 'failure', errorCode: 'HTTP_422', retryable: false });
    expect(run.stdout).not.toContain('tok-super-secret');
  });

  it('reports a missing secret without sending anything', async () => {
    const file = await destinationFile('/leads');
    const run = await runCli(['test', file, '--lead', '{"id":"t-3","email":"c@example.com"}'], secretEnv({ CRM_TOKEN: '' }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/verdict\s+! error \(SECRET_MISSING\): Secret CRM_TOKEN is granted by LEADWIRE_SECRET_CRM_TOKEN, which is empty/);
    expect(receiver.requests).toHaveLength(0);
  });

  it('sends no plain environment variable of its own: only granted secrets', async () => {
    const file = await destinationFile('/leads');
    const run = await runCli(['test', file, '--lead', '{"id":"t-4","email":"d@example.com"}'], { CRM_TOKEN: 'tok-plain-env' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/verdict\s+! error \(SECRET_NOT_GRANTED\): .*Set LEADWIRE_SECRET_CRM_TOKEN on the worker/);
    expect(run.stdout).not.toContain('tok-plain-env');
    expect(receiver.requests).toHaveLength(0);
  });

  // Issue 21: `leadwire dev` printed `leadwire test ...` for its receiver, but a test send runs in its own
  // process, where loopback is closed unless the network allow-list opens it.
  it('reaches a receiver on this machine only with --local, and says so when refused', async () => {
    const file = await destinationFile('/leads');
    const env = { ...secretEnv({ CRM_TOKEN: 'tok' }), LEADWIRE_ALLOW_NETWORKS: '' };
    const refused = await runCli(['test', file, '--lead', '{"id":"t-local-1","email":"l@example.com"}'], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/ADDRESS_BLOCKED.*network allow-list \(LEADWIRE_ALLOW_NETWORKS\)/);
    expect(refused.stdout).not.toContain('worker allow-list');
    expect(refused.stdout).toMatch(/hint\s+this address is on this machine: add --local/);
    expect(receiver.requests).toHaveLength(0);
    const local = await runCli(['test', file, '--lead', '{"id":"t-local-2","email":"l@example.com"}', '--local'], env);
    expect(local.stdout).toMatch(/verdict\s+✔ success/);
    expect(local.code).toBe(0);
    expect(receiver.requests).toHaveLength(1);
  });
});
