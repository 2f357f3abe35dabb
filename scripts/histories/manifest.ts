import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestEntry } from './history-recorder.js';

/** `manifest.json` of a release folder: what each history is, and which code recorded it. */
export interface HistoryManifest {
  release: string;
  /** The commit checked out when recording, and the tree of its src/ (the workflow and activity code that ran). */
  recordedFrom: { commit: string; srcTree: string };
  temporalSdk: string;
  recordedAt: string;
  histories: ManifestEntry[];
}

export const MANIFEST_FILE = 'manifest.json';

const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();

/** The commit and src/ tree to record from; refuses uncommitted changes under src/, which no commit would name. */
export function recordingSource(): HistoryManifest['recordedFrom'] {
  const dirty = git('status', '--porcelain', '--', 'src');
  if (dirty) throw new Error(`src/ has uncommitted changes; commit them first, so the manifest names the code that recorded the histories:\n${dirty}`);
  return { commit: git('rev-parse', 'HEAD'), srcTree: git('rev-parse', 'HEAD:src') };
}

export async function writeManifest(dir: string, release: string, recordedFrom: HistoryManifest['recordedFrom'], entries: ManifestEntry[]): Promise<HistoryManifest> {
  const sdk = JSON.parse(readFileSync(new URL('../../node_modules/@temporalio/worker/package.json', import.meta.url), 'utf8')) as { version: string };
  const manifest: HistoryManifest = {
    release,
    recordedFrom,
    temporalSdk: sdk.version,
    recordedAt: new Date().toISOString(),
    histories: [...entries].sort((a, b) => a.file.localeCompare(b.file)),
  };
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
