import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { freePort } from '../../src/temporal/free-port.js';
import { runCli } from '../helpers/run-cli.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';

let harness: Harness;
let receiver: Receiver;
let dir: string;

beforeAll(async () => {
  [harness, receiver, dir] = await Promise.all([startHarness(), startReceiver(), mkdtemp(join(tmpdir(), 'leadwire-cli-'))]);
});
afterAll(async () => {
  await harness?.close();
  await receiver?.close();
});

async function destinationFile(path: string): Promise<string> {
  const file = join(dir, `dest-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, `name: CLI CRM\nurl: ${receiver.url}${path}\nallow_insecure_http: true\ntimeout: 10000\nbody:\n  format: json\n  mapping:\n    email: email\nretry:\n  max_attempts: 2\n  delay: 10\n`);
  return file;
}

describe('leadwire CLI', () => {
  it('deliver --wait --json prints the result record and exits 0 on success', async () => {
    const file = await destinationFile('/leads');
    const run = await runCli(['deliver', file, '--lead', '{"id":"cli-1","email":"a@example.com"}', '--wait', '--json', '--address', inject('temporalAddress'), '--task-queue', harness.taskQueue]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.outcome).toBe('success');
    expect(result.deliveryId).toBe('cli-crm--cli-1');
    expect(receiver.requests.some((r) => r.body === '{"email":"a@example.com"}')).toBe(true);
  });

  it('deliver --wait exits non-zero when the lead is rejected', async () => {
    const file = await destinationFile('/status/422');
    const run = await runCli(['deliver', file, '--lead', '{"id":"cli-2","email":"b@example.com"}', '--wait', '--address', inject('temporalAddress'), '--task-queue', harness.taskQueue]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/failure\s+cli-2\s+The destination answered HTTP 422/);
  });

  it('deliver --wait returns when the delivery parks, says how to act, and exits 3', async () => {
    const file = await destinationFile('/status/503');
    const run = await runCli(['deliver', file, '--lead', '{"id":"cli-3","email":"c@example.com"}', '--wait', '--address', inject('temporalAddress'), '--task-queue', harness.taskQueue]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/parked\s+cli-3\s+The destination answered HTTP 503.*\(2 attempts\)/);
    expect(run.stdout).toContain('leadwire retry cli-crm--cli-3');
    await harness.client.abandon('cli-crm--cli-3', 'test over');
  });

  // Issue 21: with --leads, --wait blocked until an operator had acted on every parked lead.
  it('deliver --leads --wait returns once every lead has ended or parked, lists each parked one with how to act, and exits 3', async () => {
    const file = await destinationFile('/status/503');
    const leads = join(dir, 'parking-leads.jsonl');
    await writeFile(leads, '{"id":"cli-park-1","email":"p1@example.com"}\n{"id":"cli-park-2","email":"p2@example.com"}\n');
    const connection = ['--address', inject('temporalAddress'), '--task-queue', harness.taskQueue];
    const run = await runCli(['deliver', file, '--leads', leads, '--wait', '--no-progress', ...connection]);
    try {
      expect(run.stdout).toMatch(/parked\s+cli-park-1\s+The destination answered HTTP 503.*\(2 attempts\)/);
      expect(run.stdout).toContain('leadwire retry cli-crm--cli-park-2');
      expect(run.stdout).toContain('leadwire abandon cli-crm--cli-park-1');
      expect(run.stdout).toMatch(/parked\s+2/);
      // Start to outcome: a parked lead has none yet, so there is no latency to report.
      expect(run.stdout).not.toMatch(/latency p50/);
      expect(run.code).toBe(3);
      const json = await runCli(['deliver', file, '--leads', leads, '--wait', '--json', ...connection]);
      expect(json.code).toBe(3);
      const report = JSON.parse(json.stdout);
      expect(report.summary).toMatchObject({ total: 2, existing: 2, parked: 2 });
      expect(report.deliveries[0]).toMatchObject({ deliveryId: 'cli-crm--cli-park-1', state: 'parked', lastErrorCode: 'HTTP_503' });
    } finally {
      await Promise.all(['cli-crm--cli-park-1', 'cli-crm--cli-park-2'].map((id) => harness.client.abandon(id, 'test over').catch(() => {})));
    }
  });

  // Issue 21: a second `deliver --wait` reprinted the first one's result as if it had just been delivered.
  it('deliver --wait for a delivery that already exists says so before its record', async () => {
    const file = await destinationFile('/leads');
    const args = ['deliver', file, '--lead', '{"id":"cli-again","email":"again@example.com"}', '--wait', '--address', inject('temporalAddress'), '--task-queue', harness.taskQueue];
    const first = await runCli(args);
    expect(first.code).toBe(0);
    expect(first.stdout).not.toContain('already existed');
    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^exists\s+cli-crm--cli-again: this delivery already existed, so nothing new was sent/);
    expect(again.stdout).toMatch(/success\s+cli-again\s+Accepted with HTTP 200 \(1 attempt, \d+ ms\)/);
    const json = await runCli([...args, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ deliveryId: 'cli-crm--cli-again', outcome: 'success' });
    expect(json.stderr).toContain('already existed');
    expect(receiver.requests.filter((r) => r.body === '{"email":"again@example.com"}')).toHaveLength(1);
  });

  it('deliver --wait exits 0 for a skipped lead, with --lead as with --leads', async () => {
    const file = join(dir, 'skip-all.yaml');
    await writeFile(file, `name: CLI Skip CRM\nurl: ${receiver.url}/leads\nallow_insecure_http: true\nskip:\n  - when: "true"\n    reason: not today\n`);
    const leads = join(dir, 'skip-leads.jsonl');
    await writeFile(leads, '{"id":"cli-skip-2","email":"s2@example.com"}\n{"id":"cli-skip-3","email":"s3@example.com"}\n');
    const connection = ['--address', inject('temporalAddress'), '--task-queue', harness.taskQueue];
    const one = await runCli(['deliver', file, '--lead', '{"id":"cli-skip-1","email":"s1@example.com"}', '--wait', ...connection]);
    expect(one.stdout).toMatch(/skipped\s+cli-skip-1\s+not today/);
    const many = await runCli(['deliver', file, '--leads', leads, '--wait', '--no-progress', ...connection]);
    expect(many.stdout).toMatch(/skipped\s+2/);
    expect({ lead: one.code, leads: many.code }).toEqual({ lead: 0, leads: 0 });
  });

  it('validate lists every problem by path and exits 2, without a stack trace', async () => {
    const run = await runCli(['validate', 'test/fixtures/invalid-destination.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/retry\.delays\[2\]: expected a number of milliseconds/);
    expect(run.stderr).toMatch(/sucess_codes: unknown option/);
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('validate names the secrets a destination needs granted, never their values', async () => {
    const run = await runCli(['validate', 'examples/destinations/request-oauth2.yaml', 'examples/destinations/request-basic-auth.yaml'], { LEADWIRE_SECRET_API_PASSWORD: 'pw-not-printed' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('secrets: OAUTH_CLIENT_SECRET (sent to the token_url)');
    expect(run.stdout).toContain('secrets: API_PASSWORD');
    expect(run.stdout).not.toContain('pw-not-printed');
  });

  it('validate warns about an outcome-search term that looks like a regex but is searched as text', async () => {
    const file = join(dir, 'search-term.yaml');
    await writeFile(file, 'name: Search CRM\nurl: https://api.example.com/leads\noutcome_search:\n  term: "^accepted$"\n');
    const run = await runCli(['validate', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('⚠ warning: outcome_search.term: "^accepted$" looks like a regular expression');
    expect(run.stdout).toContain('write "/^accepted$/"');
  });

  it.each([
    [['render', 'examples/destinations/demo-crm.yaml', '--lead', '[1,2]'], /A lead must be a JSON object.*got an array/],
    [['render', 'examples/destinations/demo-crm.yaml', '--lead', '{oops'], /--lead is not valid JSON/],
    [['render', 'examples/destinations/missing.yaml', '--lead', '{}'], /missing\.yaml does not exist/],
    [['render', 'examples/destinations/demo-crm.yaml', '--lead', '@nope.json'], /Lead file nope\.json does not exist/],
    [['deliver', 'examples/destinations/demo-crm.yaml', '--lead', '{}', '--address', '127.0.0.1:1'], /Could not connect to Temporal.*leadwire dev/],
    // Issue 21: a file name given without @ was "not valid JSON".
    [['render', 'examples/destinations/demo-crm.yaml', '--lead', 'examples/leads/john-doe.json'], /--lead examples\/leads\/john-doe\.json is not JSON but names a file: write --lead @examples\/leads\/john-doe\.json/],
    // Issue 21: a misspelt outcome matched nothing and exited 0, as if nothing were parked.
    [['list', '--outcome', 'parkd', '--address', '127.0.0.1:1'], /--outcome parkd is not an outcome of a delivery: did you mean parked\? Give one of pending, retrying, parked, success, failure, error, skipped, cancelled\./],
    [['list', '--flows', '--outcome', 'parked', '--address', '127.0.0.1:1'], /Give one of pending, sold, unsold\./],
  ])('%j fails with one clear message', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  // Issue 21: with nothing listening, the CLI waited for the gRPC deadline (18 s) and did not say where it had looked.
  it.each([
    ['status', 'some-id'],
    ['list'],
    ['worker'],
  ])('leadwire %s names the Temporal address it tried and fails at once when nothing listens there', async (...args) => {
    const port = await freePort();
    const run = await runCli([...args, '--address', `127.0.0.1:${port}`]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      `leadwire: [TEMPORAL_UNREACHABLE] Could not connect to Temporal at 127.0.0.1:${port} (from --address): nothing is listening there (connection refused). Start one with \`leadwire dev\`, or point TEMPORAL_ADDRESS / --address at yours.`,
    );
    const env = await runCli(args, { TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
    expect(env.stderr).toContain(`Could not connect to Temporal at 127.0.0.1:${port} (from TEMPORAL_ADDRESS): nothing is listening there`);
  });

  // Issue 21: a YAML slip gave three raw parser lines; every command now shows the problem as validate does.
  it('a YAML indentation slip is one problem with its line and a caret, whichever command reads the file', async () => {
    const file = join(dir, 'slip.yaml');
    await writeFile(file, 'name: Slip CRM\nurl: https://api.example.com/leads\nbody:\n  format: json\n   mapping:\n    email: email\n');
    for (const args of [['validate', file], ['render', file, '--lead', '{}']]) {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines.slice(0, 4)).toEqual([
        `✘ ${file}: 1 problem`,
        `${file}:5:4: this line is indented further than \`format: json\` above it, which already has its value: indent it as far as the key it belongs beside (keys of one mapping start in the same column)`,
        '    5 |    mapping:',
        '      |    ^',
      ]);
    }
  });

  it('render prints the exact request without sending it', async () => {
    const run = await runCli(['render', 'examples/destinations/demo-crm.yaml', '--lead', '@examples/leads/john-doe.json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('POST http://127.0.0.1:8787/leads');
    expect(run.stdout).toContain('Idempotency-Key: demo-crm--lead-1001');
    expect(run.stdout).toContain('{"email":"test@example.com","phone":"5551234567","firstName":"John"');
  });
});
