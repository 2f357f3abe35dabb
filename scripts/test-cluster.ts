// `npm run test:cluster [-- <vitest args>]`: brings the project's Temporal cluster up (or reuses
// it), then runs the integration tests against it instead of the embedded dev server. The
// cluster stays up afterwards; `npm run cluster -- down` stops it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { LeadwireError } from '../src/core/errors/leadwire-error.js';
import { PROJECT_ROOT } from '../src/temporal/project-root.js';
import { startCluster } from './cluster/cluster.js';

let cluster;
try {
  cluster = await startCluster({ log: (line) => console.log(`cluster: ${line}`) });
} catch (err) {
  if (!(err instanceof LeadwireError)) throw err;
  console.error(`cluster: ${err.message}`);
  process.exit(1);
}
console.log(`cluster: up at ${cluster.address} (${cluster.seconds.toFixed(1)} s); running the integration tests against it`);

const args = process.argv.slice(2);
const vitest = join(PROJECT_ROOT, 'node_modules', '.bin', 'vitest');
const started = Date.now();
const child = spawn(vitest, ['run', ...(args.length > 0 ? args : ['test/integration'])], {
  cwd: PROJECT_ROOT,
  stdio: 'inherit',
  // The test global setup uses this server instead of starting a dev server (test/helpers/global-setup.ts).
  env: { ...process.env, LEADWIRE_TEST_TEMPORAL_ADDRESS: cluster.address },
});
const code = await new Promise<number>((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
console.log(`test:cluster: vitest exited ${code} after ${((Date.now() - started) / 1000).toFixed(0)} s against ${cluster.address}`);
process.exitCode = code;
