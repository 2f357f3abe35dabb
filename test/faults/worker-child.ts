/**
 * A leadwire worker in its own process for the fault suite, started from a prebuilt workflow
 * bundle so a restart after SIGKILL takes a second or two, not a bundling. Prints `ready` once
 * polling; exits on SIGTERM. Arguments come from the environment the suite sets.
 */
import { createLeadwireWorker } from '../../src/worker.js';

const address = process.env.FAULTS_ADDRESS!;
const taskQueue = process.env.FAULTS_TASK_QUEUE!;
const codePath = process.env.FAULTS_BUNDLE!;

const worker = await createLeadwireWorker({ address, taskQueue, workflowBundle: { codePath } });
process.once('SIGTERM', () => worker.worker.shutdown());
const running = worker.run();
process.stdout.write('ready\n');
await running;
