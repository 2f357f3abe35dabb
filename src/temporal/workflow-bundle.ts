import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile, mkdir, rename } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { CODE_DIR, PROJECT_ROOT, RUNS_FROM_SOURCE } from './project-root.js';

/**
 * The workflow bundle built ahead of time, and the stamp that says what it was built from.
 * Compiled, it sits in dist/ and ships in the package (`npm run build` writes it), so an
 * installed worker starts without bundling; from the TypeScript sources, `npm run bundle`
 * writes it to .leadwire/ (git-ignored).
 */
export const PREBUILT_BUNDLE_PATH = RUNS_FROM_SOURCE ? join(PROJECT_ROOT, '.leadwire', 'workflow-bundle.js') : join(CODE_DIR, 'workflow-bundle.js');
const STAMP_PATH = `${PREBUILT_BUNDLE_PATH}.stamp.json`;

interface BundleStamp {
  workflowsPath: string;
  sourceHash: string;
}

/**
 * A hash of everything a workflow bundle can be built from: every module of the running code
 * (each .ts file under src/, or each .js file under dist/ once compiled; workflows import from
 * core, shared and metrics) and the workflow SDK's version; from the sources, package-lock.json
 * too. The package ships no package-lock.json, so the compiled code's hash leaves it out: the
 * bundle `npm run build` writes stays valid where the package is installed.
 */
async function workflowSourceHash(): Promise<string> {
  const hash = createHash('sha256');
  const extension = RUNS_FROM_SOURCE ? '.ts' : '.js';
  const files = (await listFiles(CODE_DIR)).filter((f) => f.endsWith(extension) && f !== PREBUILT_BUNDLE_PATH).sort();
  for (const file of files) {
    hash.update(relative(PROJECT_ROOT, file));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  hash.update(`@temporalio/workflow@${workflowSdkVersion()}\0`);
  if (RUNS_FROM_SOURCE) hash.update(await readFile(join(PROJECT_ROOT, 'package-lock.json')).catch(() => Buffer.alloc(0)));
  return hash.digest('hex');
}

function workflowSdkVersion(): string {
  const manifest = createRequire(import.meta.url)('@temporalio/workflow/package.json') as { version: string };
  return manifest.version;
}

/**
 * Bundles the workflows once, ahead of time, and writes the bundle with its stamp. `built`: a
 * bundle of `workflowsPath` made a moment ago from the same sources (the test suite's), written
 * as it is instead of bundling again.
 */
export async function writePrebuiltBundle(workflowsPath: string, bundlePath = PREBUILT_BUNDLE_PATH, built?: string): Promise<{ path: string; bytes: number }> {
  const sourceHash = await workflowSourceHash();
  const code = built ?? (await bundleWorkflowCode({ workflowsPath, logger: quietLogger })).code;
  await mkdir(join(bundlePath, '..'), { recursive: true });
  // Written to a temporary name first, so a worker starting meanwhile never reads half a bundle.
  await writeFile(`${bundlePath}.tmp`, code);
  await rename(`${bundlePath}.tmp`, bundlePath);
  const stamp: BundleStamp = { workflowsPath: relative(PROJECT_ROOT, workflowsPath), sourceHash };
  await writeFile(`${bundlePath}.stamp.json`, `${JSON.stringify(stamp, null, 2)}\n`);
  return { path: bundlePath, bytes: Buffer.byteLength(code) };
}

/**
 * The prebuilt bundle's path when it exists, was built from `workflowsPath`, and no source
 * changed since; otherwise undefined (the worker then bundles at start, as before).
 */
export async function upToDatePrebuiltBundle(workflowsPath: string, bundlePath = PREBUILT_BUNDLE_PATH): Promise<string | undefined> {
  const stampPath = bundlePath === PREBUILT_BUNDLE_PATH ? STAMP_PATH : `${bundlePath}.stamp.json`;
  try {
    const stamp = JSON.parse(await readFile(stampPath, 'utf8')) as BundleStamp;
    if (stamp.workflowsPath !== relative(PROJECT_ROOT, workflowsPath)) return undefined;
    if (stamp.sourceHash !== (await workflowSourceHash())) return undefined;
    return bundlePath;
  } catch {
    return undefined;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))));
  return nested.flat();
}

const noop = () => {};
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => console.error(m) };
