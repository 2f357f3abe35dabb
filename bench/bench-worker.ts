import { NativeConnection, Worker } from '@temporalio/worker';
import { createLeadwireWorker } from '../src/worker.js';
import { installRuntime } from '../src/temporal/install-runtime.js';
import { workerTuningOptions, type WorkerTuning } from '../src/temporal/worker-tuning.js';
import { benchActivities } from './bench-activities.js';

/** What the bench hands its worker process (as JSON in argv[2]). */
export interface BenchWorkerConfig {
  address: string;
  /** `leadwire`: leadwire's own worker; `trivial`: the baseline's no-op activity, same settings. */
  kind: 'leadwire' | 'trivial';
  taskQueue: string;
  bundlePath: string;
  tuning: WorkerTuning | 'sdk';
}

// Each worker runs in a process of its own so that its peak RSS is its own, and so the bench's
// client competes for the CPU the way a separate intake service would.
const config = JSON.parse(process.argv[2] ?? '{}') as BenchWorkerConfig;
const started = performance.now();
installRuntime();
const connection = await NativeConnection.connect({ address: config.address });
const worker =
  config.kind === 'leadwire'
    ? (
        await createLeadwireWorker({
          connection,
          taskQueue: config.taskQueue,
          workflowBundle: { codePath: config.bundlePath },
          tuning: config.tuning,
        })
      ).worker
    : await Worker.create({
        connection,
        taskQueue: config.taskQueue,
        workflowBundle: { codePath: config.bundlePath },
        activities: benchActivities,
        ...workerTuningOptions(config.tuning),
      });
const running = worker.run();
// The identity Temporal records on every task this worker completes (the SDK's default, pid@host):
// the scale-out scenario reads it back from the histories.
process.send?.({ type: 'ready', startSeconds: (performance.now() - started) / 1000, identity: worker.options.identity });

process.on('message', (message: { type?: string }) => {
  if (message.type === 'usage') process.send?.({ type: 'usage', maxRssKb: process.resourceUsage().maxRSS });
  if (message.type === 'stop' && worker.getState() === 'RUNNING') worker.shutdown();
});
// The bench going away (even killed) takes its worker with it.
process.on('disconnect', () => {
  if (worker.getState() === 'RUNNING') worker.shutdown();
});
await running;
await connection.close();
process.exit(0);
