import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('../../src/sandbox/sandbox-child.ts', import.meta.url));

/**
 * Bundles the sandbox process's code into one JavaScript file, so the suite's many workers
 * fork a sandbox that starts in a fraction of the time the TypeScript sources take through tsx.
 */
export async function bundleSandbox(outfile: string): Promise<void> {
  await build({
    entryPoints: [CHILD],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // Some dependencies are CommonJS that call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __leadwireCreateRequire } from 'node:module'; const require = __leadwireCreateRequire(import.meta.url);" },
  });
}
