import { inject } from 'vitest';
import { readClusterState } from '../../scripts/cluster/cluster-state.js';

/**
 * Whether this run's shared Temporal is the project's PostgreSQL-backed cluster
 * (`npm run test:cluster`) rather than the embedded dev server `npm test` starts.
 */
export function onCluster(): boolean {
  return readClusterState()?.address === inject('temporalAddress');
}

/**
 * For `describe.skipIf(devServerOnly('...'))`: true on the cluster, where the test cannot run,
 * and says why in the output. Every use is listed in docs/operating.md ("Running on a real Temporal
 * cluster"); `npm test` still runs these tests against the dev server.
 */
export function devServerOnly(reason: string): boolean {
  if (!onCluster()) return false;
  console.warn(`skipped on the cluster: ${reason}`);
  return true;
}
