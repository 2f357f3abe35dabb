import { PREBUILT_BUNDLE_PATH, writePrebuiltBundle } from '../src/temporal/workflow-bundle.js';
import { WORKFLOWS_PATH } from '../src/worker.js';

// `npm run bundle`: the workers then load this bundle instead of bundling at every start.
const started = performance.now();
const { path, bytes } = await writePrebuiltBundle(WORKFLOWS_PATH, PREBUILT_BUNDLE_PATH);
console.log(`Wrote ${path} (${(bytes / 1024).toFixed(0)} KiB) in ${((performance.now() - started) / 1000).toFixed(1)} s. Workers use it while src/ is unchanged.`);
