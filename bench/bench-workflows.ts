import { proxyActivities } from '@temporalio/workflow';
import type { benchActivities } from './bench-activities.js';

// The bench's worker bundles leadwire's workflows together with the trivial baseline.
export * from '../src/workflows/index.js';

const { noop } = proxyActivities<typeof benchActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 1 } });

/**
 * The baseline: one workflow with one no-op activity, the least a workflow per lead can cost
 * on this server (history: 11 events). `single / trivial-workflow` is leadwire's overhead.
 */
export async function trivialWorkflow(id: string): Promise<string> {
  return noop(id);
}
