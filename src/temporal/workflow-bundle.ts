import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile, mkdir, rename } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PROJECT_ROOT } from './project-root.js';

/** Where `npm run bundle` writes the workflow bundle, and the stamp that says what it was built from. */
export const PREBUILT_BUNDLE_PATH = join(PROJECT_ROOT, '.leadwire', 'workflow-bundle.js');
const STAMP_PATH = `${PREBUILT_BUNDLE_PATH}.stamp.json`;

interface BundleStamp {
  workflowsPath: string;
  sourceHash: string;
}

/**
 * A hash of everything a workflow bundle can be built from: every source file under `src/`
 * (workflows import from core, shared and metrics) and the installed SDK versions.
 */
export async function workflowSourceHash(root = PROJECT_ROOT): Promise<string> {
  const hash = createHash('sha256');
  const files = (await listFiles(join(root, 'src'))).filter((f) => f.endsWith('.ts')).sort();
  for (const file of files) {
    hash.update(relative(root, file));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  hash.update(await readFile(join(root, 'package-lock.json')).catch(() => Buffer.alloc(0)));
  return hash.digest('hex');
}

/** Bundles the workflows once, ahead of time, and writes the bundle with its stamp. */
export async function writePrebuiltBundle(workflowsPath: string, bundlePath = PREBUILT_BUNDLE_PATH): Promise<{ path: string; bytes: number }> {
  const sourceHash = await workflowSourceHash();
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
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
