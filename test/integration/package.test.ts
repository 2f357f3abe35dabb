import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';
import { packagesOf, runRecordingModules } from '../helpers/loaded-modules.js';

const run = promisify(execFile);

// The package as a user gets it: `npm pack` (its prepack runs `npm run build`), the tarball
// installed into an empty folder, then plain `node`: no tsx, no loader, no sources.
let dir: string;
let app: string;
let receiver: Receiver;
let worker: ChildProcess | undefined;

/** What the child processes see: no TypeScript loader, and the sandbox the package ships (not the suite's prebuilt one). */
function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  delete env.LEADWIRE_SANDBOX_ENTRY;
  return env;
}

beforeAll(async () => {
  [dir, receiver] = await Promise.all([mkdtemp(join(tmpdir(), 'leadwire-package-')), startReceiver()]);
  await run('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: PROJECT_ROOT, env: plainEnv(), maxBuffer: 16 * 1024 * 1024 });
  const tarball = join(dir, (await readdir(dir)).find((f) => f.endsWith('.tgz'))!);
  app = join(dir, 'app');
  await writeAppFiles(app, tarball);
  // The project's own lockfile pins every dependency, so npm takes them all from its cache
  // (no registry round trip for what the cache has) and installs what the tests run against.
  await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error'], { cwd: app, env: plainEnv(), maxBuffer: 16 * 1024 * 1024 });
  // A bound on CPU starvation: the build (tsc, the workflow bundle) and the install take about a
  // minute on a quiet machine, and went past 5 minutes with other jobs on the two cores.
}, 900_000);

afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) {
    const exited = new Promise((resolve) => worker!.once('exit', resolve));
    worker.kill('SIGTERM');
    await exited;
  }
  await receiver?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** An empty application that depends on the tarball, with a lockfile made from the project's. */
async function writeAppFiles(folder: string, tarball: string): Promise<void> {
  const lock = JSON.parse(await readFile(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; link?: boolean } & Record<string, unknown>> };
  const self = lock.packages['']!;
  const packages: Record<string, unknown> = {
    '': { name: 'app', dependencies: { leadwire: `file:${tarball}` } },
    'node_modules/leadwire': { version: self.version, resolved: `file:${tarball}`, license: self.license, dependencies: self.dependencies, bin: self.bin, engines: self.engines },
  };
  // leadwire's production dependencies, where npm puts them in an app that depends on it.
  for (const [path, entry] of Object.entries(lock.packages)) if (path && !entry.dev && !entry.link) packages[path] = entry;
  await mkdir(folder);
  // npm applies only the root package's overrides: an app that wants leadwire's exact tree (light-my-request's
  // cookie kept at 1.x, which runs on Node 20 without an engine warning) repeats them, as usage.md says.
  const { overrides } = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { overrides?: Record<string, unknown> };
  await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: { leadwire: `file:${tarball}` }, ...(overrides ? { overrides } : {}) }, null, 2));
  await writeFile(join(folder, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages }, null, 2));
  await writeFile(
    join(folder, 'load.mjs'),
    `import { createLeadwireClient, loadDestinationFile } from 'leadwire';
const destination = await loadDestinationFile(process.argv[2]);
console.log(JSON.stringify({ client: typeof createLeadwireClient, name: destination.name, url: destination.url }));
`,
  );
  await writeFile(
    join(folder, 'worker.mjs'),
    `import { createLeadwireWorker, WORKFLOWS_PATH } from 'leadwire/worker';
import { upToDatePrebuiltBundle } from './node_modules/leadwire/dist/temporal/workflow-bundle.js';
const worker = await createLeadwireWorker({ taskQueue: process.env.TASK_QUEUE });
console.log(JSON.stringify({ ready: true, workflowsPath: WORKFLOWS_PATH, prebuilt: (await upToDatePrebuiltBundle(WORKFLOWS_PATH)) ?? null }));
await worker.run();
`,
  );
  await writeFile(
    join(folder, 'deliver.mjs'),
    `import { createLeadwireClient, loadDestinationFile } from 'leadwire';
const destination = await loadDestinationFile(process.argv[2]);
const client = await createLeadwireClient({ taskQueue: process.env.TASK_QUEUE });
const result = await client.deliver({ ...destination, url: process.env.RECEIVER_URL + '/leads' }, { id: 'package-1', email: 'pat@example.com', first_name: 'Pat' });
console.log(JSON.stringify(result));
await client.close();
`,
  );
}

const installed = (path: string) => join(app, 'node_modules', 'leadwire', path);
const example = () => installed('examples/destinations/demo-crm.yaml');

describe('the packed tarball, installed into an empty folder, under plain node', () => {
  it('ships compiled JavaScript, declarations and the prebuilt workflow bundle, and no TypeScript sources', async () => {
    const files = await readdir(installed(''));
    expect(files.sort()).toEqual(['README.md', 'bin', 'dist', 'docs', 'examples', 'package.json', 'schema']);
    const dist = await readdir(installed('dist'), { recursive: true });
    expect(dist).toEqual(expect.arrayContaining(['client/index.js', 'client/index.d.ts', 'client/index.js.map', 'worker.js', 'workflow-bundle.js', 'sandbox/sandbox-child.js']));
    expect(dist.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(await readdir(join(app, 'node_modules'))).not.toContain('tsx');
  });

  it("import { createLeadwireClient, loadDestinationFile } from 'leadwire' works and loads an example destination", async () => {
    const { stdout } = await run(process.execPath, ['load.mjs', example()], { cwd: app, env: plainEnv() });
    expect(JSON.parse(stdout)).toEqual({ client: 'function', name: 'Demo CRM', url: 'http://127.0.0.1:8787/leads' });
  });

  it('leadwire --help runs, and neither it nor validate loads the Temporal SDK', async () => {
    const bin = join(app, 'node_modules', '.bin', 'leadwire');
    const help = await run(bin, ['--help'], { cwd: app, env: plainEnv() });
    expect(help.stdout).toContain('Usage: leadwire');
    expect(help.stdout).toMatch(/^  validate .*<destination\.\.\.>/m);
    for (const args of [['--help'], ['validate', example()]]) {
      const recorded = await runRecordingModules(bin, args, { cwd: app, env: plainEnv() as Record<string, string> });
      expect(recorded.code).toBe(0);
      expect(recorded.modules.some((m) => m.includes('/node_modules/leadwire/dist/cli/main.js'))).toBe(true);
      expect(packagesOf(recorded.modules).filter((p) => p.startsWith('@temporalio/') || p === 'tsx')).toEqual([]);
    }
  });

  it('a worker from leadwire/worker starts with the shipped workflow bundle and sandbox, and delivers a lead', async () => {
    const taskQueue = `package-${randomUUID()}`;
    const env = plainEnv({ TEMPORAL_ADDRESS: inject('temporalAddress'), TASK_QUEUE: taskQueue, LEADWIRE_ALLOW_NETWORKS: '127.0.0.0/8', LEADWIRE_SANDBOX_PROCESSES: '1' });
    worker = spawn(process.execPath, ['worker.mjs'], { cwd: app, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<never>((_, reject) => worker!.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it was ready`))));
    const firstLine = new Promise<string>((resolve) => createInterface({ input: worker!.stdout! }).once('line', resolve));
    const ready = JSON.parse(await Promise.race([firstLine, exited])) as { ready: boolean; workflowsPath: string; prebuilt: string | null };
    expect(ready.workflowsPath).toBe(installed('dist/workflows/index.js'));
    // The bundle `npm run build` wrote is valid where the package is installed: the worker does not bundle at start.
    expect(ready.prebuilt).toBe(installed('dist/workflow-bundle.js'));

    const { stdout } = await run(process.execPath, ['deliver.mjs', example()], { cwd: app, env: { ...env, RECEIVER_URL: receiver.url } });
    const result = JSON.parse(stdout) as { outcome: string; deliveryId: string };
    expect(result).toMatchObject({ outcome: 'success', deliveryId: 'demo-crm--package-1' });
    expect(receiver.requests.filter((r) => r.url === '/leads').map((r) => JSON.parse(r.body))).toEqual([expect.objectContaining({ email: 'pat@example.com', firstName: 'Pat' })]);
  });
});
