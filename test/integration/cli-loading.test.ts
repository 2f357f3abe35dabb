import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { examplePath } from '../helpers/example-destination.js';
import { packagesOf, runRecordingModules } from '../helpers/loaded-modules.js';

const BIN = fileURLToPath(new URL('../../bin/leadwire.js', import.meta.url));
const LEAD = fileURLToPath(new URL('../../examples/leads/john-doe.json', import.meta.url));
const SANDBOX_CHILD = fileURLToPath(new URL('../../src/sandbox/sandbox-child.ts', import.meta.url));
// What a checkout's bin runs the TypeScript sources with; an installed package has none of it.
const TS_LOADER = ['tsx', 'esbuild', 'get-tsconfig', 'resolve-pkg-maps'];

const packagesLoaded = (modules: string[]) => packagesOf(modules).filter((p) => !TS_LOADER.includes(p));
const temporal = (packages: string[]) => packages.filter((p) => p.startsWith('@temporalio/'));

// The commands a user runs at a prompt again and again start fast: each loads only what it
// uses, and none of them needs the Temporal SDK (bench: CLI cold start).
describe('the CLI loads only what a command needs', () => {
  it('--help loads commander and no other package', async () => {
    const run = await runRecordingModules(BIN, ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: leadwire');
    expect(packagesLoaded(run.modules)).toEqual(['commander']);
  });

  it('validate loads no Temporal SDK, and no template, expression or path engine the destination does not use', async () => {
    const run = await runRecordingModules(BIN, ['validate', examplePath('demo-crm')]);
    expect(run.stdout).toContain('demo-crm.yaml: Demo CRM');
    expect(run.code).toBe(0);
    const packages = packagesLoaded(run.modules);
    expect(packages).toContain('zod');
    expect(temporal(packages)).toEqual([]);
    expect(packages.filter((p) => ['liquidjs', 'jsonata', 'cheerio', 'xpath', 'safe-regex2', 'got'].includes(p))).toEqual([]);
  });

  it('render loads no Temporal SDK', async () => {
    const run = await runRecordingModules(BIN, ['render', examplePath('demo-crm'), '--lead', `@${LEAD}`, '--now', '2026-01-01T00:00:00Z']);
    expect(run.stdout).toContain('POST http://127.0.0.1:8787');
    expect(run.code).toBe(0);
    expect(temporal(packagesLoaded(run.modules))).toEqual([]);
  });

  it("render's sandbox process loads no Temporal SDK either", async () => {
    // Not forked, the sandbox's module loads everything it evaluates with, then exits (no IPC channel).
    const run = await runRecordingModules(SANDBOX_CHILD, [], { nodeArgs: ['--import', 'tsx'] });
    expect(run.code).toBe(0);
    const packages = packagesLoaded(run.modules);
    expect(packages).toContain('cheerio');
    expect(temporal(packages)).toEqual([]);
  });
});

// Issue 21: the first `npx leadwire` took about 20 s; the README says where the time goes and how
// to put a fast `leadwire` on the PATH. What it advises must work: `npm link` puts a symlink to
// bin/leadwire.js on the PATH, run from any folder.
describe('a fast leadwire on the PATH', () => {
  it('the README says how, and a symlink on the PATH to bin/leadwire.js (what npm link makes) runs from any folder', async () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    expect(readme).toMatch(/A faster `leadwire`: .*run `npm link` once in the checkout/);
    expect(readme).toContain('alias leadwire="node $PWD/bin/leadwire.js"');
    const dir = await mkdtemp(join(tmpdir(), 'leadwire-path-'));
    await symlink(BIN, join(dir, 'leadwire'));
    const run = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile('leadwire', ['validate', examplePath('demo-crm')], { cwd: tmpdir(), env: { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH}` } }, (err, stdout) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout }),
      );
    });
    expect(run.stdout).toContain('demo-crm.yaml: Demo CRM');
    expect(run.code).toBe(0);
  });
});
