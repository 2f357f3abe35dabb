import { proxyActivities } from '@temporalio/workflow';
import type { benchActivities } from './bench-activities.js';

// The bench's worker bundles leadwire's workflows together with the baselines.
export * from '../src/workflows/index.js';

const { noop } = proxyActivities<typeof benchActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 1 } });

/**
 * The baseline: one workflow with one no-op activity, the least a workflow per lead with one
 * regular activity costs on this server (history: 11 events). With a URL, the activity POSTs
 * the id there first (the latency sweep's baseline, which the receiver acknowledges).
 */
export async function trivialWorkflow(id: string, url?: string): Promise<string> {
  return noop(id, url);
}

/** The ceiling: a workflow that completes in its first workflow task (history: 5 events). */
export async function emptyWorkflow(id: string): Promise<string> {
  return id;
}
