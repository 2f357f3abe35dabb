import { NativeConnection, Worker } from '@temporalio/worker';
import { createLeadwireWorker } from '../src/worker.js';
import { installRuntime } from '../src/temporal/install-runtime.js';
import { workerTuningOptions, type WorkerTuning } from '../src/temporal/worker-tuning.js';
import { benchActivities } from './bench-activities.js';

/** What the bench hands its worker process (as JSON in argv[2]). */
export interface BenchWorkerConfig {
  address: string;
  /** leadwire's own workflows and activities. */
  taskQueue: string;
  /** The trivial baseline's queue, served from the same process with the same settings. */
  trivialTaskQueue: string;
  bundlePath: string;
  tuning: WorkerTuning | 'sdk';
}

// The worker runs in a process of its own so that its peak RSS is its own, and so the bench's
// client competes for the CPU the way a separate intake service would.
const config = JSON.parse(process.argv[2] ?? '{}') as BenchWorkerConfig;
const started = performance.now();
installRuntime();
const connection = await NativeConnection.connect({ address: config.address });
const leadwire = await createLeadwireWorker({
  connection,
  taskQueue: config.taskQueue,
  workflowBundle: { codePath: config.bundlePath },
  tuning: config.tuning,
});
const trivial = await Worker.create({
  connection,
  taskQueue: config.trivialTaskQueue,
  workflowBundle: { codePath: config.bundlePath },
  activities: benchActivities,
  ...workerTuningOptions(config.tuning),
});
const running = Promise.all([leadwire.run(), trivial.run()]);
process.send?.({ type: 'ready', startSeconds: (performance.now() - started) / 1000 });

process.on('message', (message: { type?: string }) => {
  if (message.type === 'usage') process.send?.({ type: 'usage', maxRssKb: process.resourceUsage().maxRSS });
  if (message.type === 'stop') {
    leadwire.worker.shutdown();
    trivial.shutdown();
  }
});
// The bench going away (even killed) takes its worker with it.
process.on('disconnect', () => {
  if (leadwire.worker.getState() === 'RUNNING') leadwire.worker.shutdown();
  if (trivial.getState() === 'RUNNING') trivial.shutdown();
});
await running;
await connection.close();
process.exit(0);
