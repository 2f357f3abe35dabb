import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJson } from '../../test/replay/history-json.js';

/** One recorded history, as the manifest lists it. */
export interface ManifestEntry {
  file: string;
  workflowType: string;
  workflowId: string;
  runId: string;
  /** What the history covers, in words. */
  path: string;
  /** `open`: recorded while the workflow was still running (parked, waiting, a live entity). */
  state: 'open' | 'closed';
  events: number;
}

export interface HistoryRecorder {
  /**
   * Writes the history of one run as `<name>.json`: the latest run of `workflowId`, or `runId`.
   * `state` is checked against the run's real status, so the manifest never says open for a closed run.
   */
  record(name: string, workflowId: string, path: string, options?: { runId?: string; state?: 'open' | 'closed' }): Promise<ManifestEntry>;
  entries: ManifestEntry[];
}

export function createHistoryRecorder(temporal: Client, dir: string): HistoryRecorder {
  const entries: ManifestEntry[] = [];
  return {
    entries,
    async record(name, workflowId, path, options = {}) {
      const handle = temporal.workflow.getHandle(workflowId, options.runId);
      const description = await handle.describe();
      const state = description.status.name === 'RUNNING' ? 'open' : 'closed';
      if (options.state && options.state !== state) {
        throw new Error(`${name}: expected ${workflowId} (run ${description.runId}) to be ${options.state}, but it is ${description.status.name}`);
      }
      const history = await handle.fetchHistory();
      const file = `${name}.json`;
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, file), historyToJson(history));
      const entry: ManifestEntry = { file, workflowType: description.type, workflowId, runId: description.runId, path, state, events: history.events?.length ?? 0 };
      entries.push(entry);
      return entry;
    },
  };
}
