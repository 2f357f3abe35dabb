import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The leadwire checkout (or installed package) root: two levels above this file, which is
 * src/temporal/project-root.ts in a checkout and dist/temporal/project-root.js once compiled.
 */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Whether leadwire runs from its TypeScript sources (a checkout, through tsx or vitest) or from
 * the JavaScript `npm run build` compiles to dist/ (an installed package, the Docker image).
 */
export const RUNS_FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The folder the running code is in: src/ or dist/. */
export const CODE_DIR = join(PROJECT_ROOT, RUNS_FROM_SOURCE ? 'src' : 'dist');

/**
 * The file of a leadwire module, as the running code names it: `modulePath('workflows/index')`
 * is src/workflows/index.ts from the sources and dist/workflows/index.js once compiled.
 */
export function modulePath(pathInCodeDir: string): string {
  return join(CODE_DIR, `${pathInCodeDir}${RUNS_FROM_SOURCE ? '.ts' : '.js'}`);
}
