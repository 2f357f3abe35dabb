// The modules Temporal's bundler puts into the workflow bundle: every file reachable from the
// workflow entries by a value import. `import type` and `export type` are erased by TypeScript
// (verbatimModuleSyntax), so they never reach the bundle and are not followed; every other
// import is, `import { type X }` included (it compiles to `import {} from`, which stays).
// eslint.config.js lints exactly these files with the workflow rules, so a module that a
// workflow starts to import is held to them from that moment on.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The bundle's entry modules: the workflows' index (what the worker bundles), the tracing
 * interceptors (bundled in when tracing is on), the replay test's reordered copy and the
 * bench's workflows (leadwire's and the baselines).
 */
export const WORKFLOW_ENTRIES = [
  'src/workflows/index.ts',
  'src/tracing/workflow-interceptors.ts',
  'test/replay/fixtures/reordered-workflows.ts',
  'bench/bench-workflows.ts',
];

// `import ... from '...'`, `export ... from '...'` and `import '...'`, across lines; group 1 is
// `type` when the whole statement is type-only.
const STATEMENT = /(?:^|[;\n])\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The specifiers a module imports by value (what survives compilation). */
export function valueImports(source) {
  const specifiers = [];
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  for (const match of code.matchAll(STATEMENT)) if (!match[1]) specifiers.push(match[2]);
  for (const match of code.matchAll(DYNAMIC)) specifiers.push(match[1]);
  return specifiers;
}

/** A relative specifier's .ts file (NodeNext: written with .js), or undefined for a package. */
function resolveRelative(fromFile, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve(dirname(fromFile), specifier);
  for (const candidate of [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, join(target, 'index.ts')]) {
    if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  }
  return undefined;
}

/** Every project file in the workflow bundle, relative to the project root, sorted. */
export function workflowBundleFiles(root = PROJECT_ROOT, entries = WORKFLOW_ENTRIES) {
  const seen = new Set();
  const pending = entries.map((entry) => join(root, entry)).filter((file) => existsSync(file));
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of valueImports(readFileSync(file, 'utf8'))) {
      const target = resolveRelative(file, specifier);
      if (target && !seen.has(target)) pending.push(target);
    }
  }
  return [...seen].map((file) => relative(root, file)).sort();
}
