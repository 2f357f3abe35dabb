import { execFileSync } from 'node:child_process';
import { cp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// `npm run build` (and `npm pack`, through prepack): compiles src/ to dist/ (ESM JavaScript,
// .d.ts files, source maps with the sources inlined), then bundles the compiled workflows into
// dist/workflow-bundle.js, which the package ships so that an installed worker starts without
// bundling. dist/ is emptied first: a module deleted from src/ leaves nothing behind.
const root = fileURLToPath(new URL('../', import.meta.url));
const dist = join(root, 'dist');
const started = performance.now();
await rm(dist, { recursive: true, force: true });
execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
// The console's own script and stylesheet are files, not modules: tsc leaves them, so they are copied.
await cp(join(root, 'src', 'console', 'assets'), join(dist, 'console', 'assets'), { recursive: true });
const compiled = (path: string) => pathToFileURL(join(dist, path)).href;
const { writePrebuiltBundle } = (await import(compiled('temporal/workflow-bundle.js'))) as typeof import('../src/temporal/workflow-bundle.js');
const { modulePath } = (await import(compiled('temporal/project-root.js'))) as typeof import('../src/temporal/project-root.js');
const { path, bytes } = await writePrebuiltBundle(modulePath('workflows/index'));
console.log(`Built dist/ and ${path} (${(bytes / 1024).toFixed(0)} KiB) in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
