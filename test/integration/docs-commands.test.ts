import { execFile, execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createLeadwireClient, type LeadwireClient } from '../../src/client/index.js';
import { DEV_TRY_COMMANDS } from '../../src/cli/dev-try-commands.js';
import { parseDestinationText } from '../../src/config/load-destination.js';
import { createIntakeApp } from '../../src/intake/intake-app.js';
import { loadDestinationsDir } from '../../src/intake/load-destinations.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server.js';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';
import { PREBUILT_BUNDLE_PATH, upToDatePrebuiltBundle, writePrebuiltBundle } from '../../src/temporal/workflow-bundle.js';
import { createLeadwireWorker, WORKFLOWS_PATH } from '../../src/worker.js';
import { bashCommands, type DocCommand } from '../helpers/doc-blocks.js';
import { LOOPBACK } from '../helpers/temporal-harness.js';

// Issue 21: `leadwire dev` told a newcomer to run a command that failed. Every command that the
// README, docs/usage.md, docs/operating.md and `leadwire dev` itself tell a user to run is run
// here, as printed, against a fresh stack, and must succeed. The commands come from the pages'
// bash blocks, so a new one is picked up by itself; one this test must not run is listed below,
// with why.

const BIN = fileURLToPath(new URL('../../bin/leadwire.js', import.meta.url));
const PAGES = ['README.md', 'docs/usage.md', 'docs/operating.md'];

/** What this test does not run, and why. Every rule must match a command the docs print. */
const NOT_RUN: { match: RegExp; why: string }[] = [
  { match: /^npx leadwire dev\b/, why: 'runs until Ctrl-C: the stack this test starts stands in for it (a dev server, a worker on task queue "leadwire" with loopback open, the receiver)' },
  { match: /^(npx )?leadwire (worker|serve|receiver|codec-server)\b|\bnpm run worker$/, why: 'runs until stopped: a worker, the intake API or the receiver, which this test starts itself' },
  { match: /^npm run (cluster|test:cluster)\b/, why: 'the PostgreSQL-backed cluster: builds Temporal with Go (npm run test:cluster runs the integration tests on it)' },
  { match: /^npm ci$/, why: 'the install: this test runs in an installed checkout' },
  { match: /^npm test$/, why: 'the test suite this test is part of' },
  { match: /^npm pack$|^npm install \.\/leadwire-[\d.]+\.tgz$/, why: 'packaging: test/integration/package.test.ts packs the tarball and installs it into an empty folder' },
  { match: /^export TEMPORAL_ADDRESS=<namespace>|^temporal operator search-attribute create\b/, why: 'Temporal Cloud: needs an account and namespace of your own (the dev server registers the search attributes)' },
];

/** What a command run must show beyond exit 0. */
const EXPECT: { match: RegExp; exit?: number; stdout?: RegExp }[] = [
  // The docs print it as "a failure (422)": it must fail, and say so.
  { match: /demo-strict-crm\.yaml .*--wait/, exit: 1, stdout: /failure\s+lead-1001\s+The destination answered HTTP 422/ },
  { match: /^npx leadwire test /, stdout: /verdict\s+✔ success/ },
  { match: /^npx leadwire validate /, stdout: /✔ examples\/destinations\/demo-crm\.yaml: Demo CRM/ },
  { match: /^npx leadwire render /, stdout: /Idempotency-Key: demo-crm--lead-1001/ },
  { match: /--leads examples\/leads\/demo-leads\.jsonl --wait/, stdout: /delivered\s+\d+/ },
  { match: /^curl /, stdout: /"deliveryId":"demo-crm--L-1"/ },
  // It prints the operator console's address and the key that signs in there (made up for the run).
  { match: /^npm start$/, stdout: /Demo CRM\s+✔ success[\s\S]*\nConsole: http:\/\/127\.0\.0\.1:\d+\/console  \(sign in with / },
  { match: /^leadwire retry --destination "Acme CRM"$/, stdout: /1 delivery retried/ },
  { match: /^leadwire retry --query /, stdout: /1 delivery retried/ },
  { match: /^leadwire list --outcome parked$/, stdout: /parked\s+stuck-crm--/ },
  // A distribution sold to acme and another buyer (a fan-out) lists both, in the order they were sold: "sold to bolt (9.5), acme (12)".
  { match: /^leadwire list --flows --buyer acme --outcome sold$/, stdout: /sold to (?:[^,\n]+, )*acme\b/ },
];

const printed: DocCommand[] = [
  ...PAGES.flatMap(bashCommands),
  ...DEV_TRY_COMMANDS.map((command, i) => ({ page: '`leadwire dev` output', line: i + 1, command, comment: '' })),
].flatMap((c) => c.command.split(/\s+&&\s+/).map((command) => ({ ...c, command })));
const notRun = (c: DocCommand) => NOT_RUN.find((r) => r.match.test(c.command));
const runs = printed.filter((c) => !notRun(c));

let server: DevServer;
let receiver: Receiver;
let client: LeadwireClient;
let intake: FastifyInstance;
let stopWorker: () => Promise<void>;
let dir: string;
let env: NodeJS.ProcessEnv;
const filled = new Map<DocCommand, string>();

beforeAll(async () => {
  [server, receiver, dir] = await Promise.all([startDevServer({ port: 0, headless: true, log: () => {} }), startReceiver(), mkdtemp(join(tmpdir(), 'leadwire-docs-'))]);
  // What `leadwire dev` runs: a worker on the default task queue, loopback open for the receiver.
  const worker = await createLeadwireWorker({ address: server.address, taskQueue: 'leadwire', workflowBundle: { codePath: inject('workflowBundlePath') }, network: { allow: LOOPBACK } });
  const running = worker.run();
  stopWorker = async () => {
    worker.worker.shutdown();
    await running;
  };
  client = await createLeadwireClient({ address: server.address, taskQueue: 'leadwire', codecKeys: null });
  await Promise.all([checkoutLikeFolder(), prebuiltBundleForNpmStart()]);
  env = await commandEnv();
  await startIntake();
  await fillPlaceholders();
}, 600_000);

afterAll(async () => {
  await intake?.close();
  await client?.close();
  await stopWorker?.();
  await receiver?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * `npm start` bundles the workflows when it starts its worker, unless `npm run bundle` wrote an
 * up-to-date bundle (README: "does that once, ahead of time"). This run has built that very
 * bundle already, so it is written where `npm run bundle` puts it, and not built a third time.
 */
async function prebuiltBundleForNpmStart(): Promise<void> {
  if (await upToDatePrebuiltBundle(WORKFLOWS_PATH)) return;
  await writePrebuiltBundle(WORKFLOWS_PATH, PREBUILT_BUNDLE_PATH, await readFile(inject('workflowBundlePath'), 'utf8'));
}

/**
 * The folder the commands run in: the checkout's examples, pointed at this stack's receiver
 * (they name :8787, which another program on this machine may hold), and the fixed.yaml the
 * docs retry with.
 */
async function checkoutLikeFolder(): Promise<void> {
  await cp(join(PROJECT_ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  await mkdir(join(dir, '.leadwire'));
  for (const sub of ['destinations', 'flows']) {
    for (const file of await readdir(join(dir, 'examples', sub))) {
      const path = join(dir, 'examples', sub, file);
      await writeFile(path, (await readFile(path, 'utf8')).replaceAll('http://127.0.0.1:8787', receiver.url));
    }
  }
  await writeFile(join(dir, 'fixed.yaml'), stuck('/leads'));
}

/** A destination that parks at once with this status, as a delivery an operator must act on. */
function stuck(path: string, name = 'Stuck CRM'): string {
  return `name: ${name}\nurl: ${receiver.url}${path}\nallow_insecure_http: true\nretry:\n  max_attempts: 1\n`;
}

/**
 * How the commands run: `leadwire` and `npx leadwire` both run this checkout's bin/leadwire.js
 * (what `npx leadwire` resolves to in a checkout, without npm's start-up), against this stack's
 * Temporal, and with no network allow-list of the test run's: only what the docs say is set.
 */
async function commandEnv(): Promise<NodeJS.ProcessEnv> {
  const shims = join(dir, '.bin');
  const realNpx = execFileSync('bash', ['-c', 'command -v npx'], { encoding: 'utf8' }).trim();
  await mkdir(shims);
  const shim = async (name: string, body: string) => {
    await writeFile(join(shims, name), `#!/bin/sh\n${body}\n`);
    await chmod(join(shims, name), 0o755);
  };
  await shim('leadwire', `exec "${process.execPath}" "${BIN}" "$@"`);
  await shim('npx', `if [ "$1" = leadwire ]; then shift; exec "${process.execPath}" "${BIN}" "$@"; fi\nexec "${realNpx}" "$@"`);
  const { LEADWIRE_ALLOW_NETWORKS: _, ...rest } = process.env;
  return { ...rest, PATH: `${shims}${delimiter}${process.env.PATH}`, TEMPORAL_ADDRESS: server.address };
}

/** `leadwire serve` for the docs' curl: the intake API with key1, on a free port the command is pointed at. */
async function startIntake(): Promise<void> {
  intake = createIntakeApp({ client, destinations: await loadDestinationsDir(join(dir, 'examples', 'destinations')), apiKeys: ['key1', 'key2'] });
  await intake.listen({ port: 0, host: '127.0.0.1' });
}

/** Real ids for `<delivery-id>` (a parked delivery of its own each) and `<distribution-id>`; any other placeholder is a failure. */
async function fillPlaceholders(): Promise<void> {
  const ids = runs.flatMap((c) => [...c.command.matchAll(/<delivery-id>/g)].map(() => c));
  const john = JSON.parse(await readFile(join(dir, 'examples', 'leads', 'john-doe.json'), 'utf8')) as Record<string, unknown>;
  const park = async (destination: string, n: number) => {
    const started = await client.startDelivery(parseDestinationText(destination, 'docs'), { id: `docs-${n}`, email: `docs-${n}@example.com` });
    await until(async () => (await client.status(started.deliveryId)).parked);
    return started.deliveryId;
  };
  const [parked, distribution] = await Promise.all([
    Promise.all(ids.map((_, i) => park(stuck('/status/502'), i))),
    client.distribute(join(dir, 'examples', 'flows', 'fan-out.yaml'), { ...john, id: 'docs-flow' }),
    park(stuck('/status/500', 'Acme CRM'), 100),
    park(stuck('/status/503', 'Query CRM'), 101),
  ]);
  // Visibility is eventually consistent: the bulk commands find deliveries by their search attributes.
  const listed = async (query: string) => (await client.temporal.workflow.count(query)).count;
  await until(async () => (await listed('LeadwireOutcome="parked"')) === ids.length + 2);
  await until(async () => (await listed(`WorkflowId="${distribution.distributionId}" AND LeadwireSold=true`)) === 1);
  let next = 0;
  for (const c of runs) {
    const text = c.command
      .replace(/<delivery-id>/g, () => parked[next++]!)
      .replace(/<distribution-id>/g, distribution.distributionId)
      .replace(/localhost:8080/g, `localhost:${(intake.server.address() as AddressInfo).port}`);
    filled.set(c, text);
  }
}

/** Waits until a condition holds (hooks cannot use expect.poll). */
function until(condition: () => Promise<boolean>): Promise<void> {
  return vi.waitFor(
    async () => {
      if (!(await condition())) throw new Error('not yet');
    },
    { timeout: 60_000, interval: 200 },
  );
}

function run(command: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', command], { cwd, env, timeout: 600_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr: `${stderr}${error?.killed ? `\n(killed: ${error.signal})` : ''}` }),
    );
  });
}

describe('the commands the docs print', () => {
  it('are found, and every one this test does not run is listed with why', () => {
    expect(runs.map((c) => c.command)).toEqual(
      expect.arrayContaining([
        'npx leadwire validate examples/destinations/demo-crm.yaml',
        'npx leadwire test examples/destinations/demo-crm.yaml --lead @examples/leads/john-doe.json --local',
        'leadwire list --outcome parked',
        'npm start',
      ]),
    );
    for (const rule of NOT_RUN) expect(printed.some((c) => rule.match.test(c.command)), `a NOT_RUN rule that matches nothing: ${rule.match}`).toBe(true);
  });

  it('README says what npm start does without a terminal, as this test runs it', async () => {
    expect(await readFile(join(PROJECT_ROOT, 'README.md'), 'utf8')).toMatch(/without a terminal \([^)]*\) it stops as soon as the deliveries are done/);
  });

  describe.concurrent('each succeeds as printed', () => {
    it.each(runs.map((c) => [`${c.page}:${c.line}: ${c.command}`, c] as const))('%s', async (_, c) => {
      const command = filled.get(c)!;
      expect(command, 'a placeholder this test does not know how to fill').not.toMatch(/<[a-z][\w-]*>/);
      // npm scripts run in the checkout; the rest in the folder whose examples point at this stack.
      const result = await run(command, command.startsWith('npm ') ? PROJECT_ROOT : dir);
      const expected = EXPECT.find((e) => e.match.test(command));
      const shown = `$ ${command}\nexit ${result.code}\n--- stdout\n${result.stdout.slice(-3000)}\n--- stderr\n${result.stderr.slice(-3000)}`;
      expect(result.code, shown).toBe(expected?.exit ?? 0);
      if (expected?.stdout) expect(result.stdout, shown).toMatch(expected.stdout);
      expect(result.stderr, shown).not.toMatch(/unexpected error|\bat .*\.ts:\d+/);
    }, 620_000);
  });
});
