// `npm run lint`'s second half: dependency-cruiser checks the imports between modules.
// - No import cycle anywhere (type-only imports count: a cycle of types is still two modules
//   that cannot be understood, or moved, one without the other).
// - The arrows between folders point one way: src/core is pure delivery logic (no Temporal, no
//   got, no network or file I/O, nothing from the folders that use it), src/config is the edge
//   that parses YAML, and nothing in src/ imports the tests, the bench or the scripts.
// Workflow code's own rules (what the workflow bundle may hold) are in eslint.config.js.
// Cycles and arrows that exist today and are removed by work in flight are listed, each of
// them, in .dependency-cruiser-known-violations.json; a new one fails.

/** Folders of src/ that src/core serves and never imports. */
const ABOVE_CORE = ['activities', 'workflows', 'http', 'sandbox', 'temporal', 'client', 'cli', 'intake', 'codec', 'logging', 'metrics', 'tracing', 'receiver', 'verify', 'shared'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: move what both sides need into a module of its own (a type into its own file, a constant into the module that owns it).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core is pure delivery logic, unit-tested alone: it imports only src/core (and the config types until the stored contract lands). Pass what it needs in.',
      from: { path: '^src/core/' },
      to: { path: `^src/(?:${ABOVE_CORE.join('|')})/|^src/worker\\.ts$` },
    },
    {
      name: 'core-takes-no-config',
      severity: 'error',
      comment: 'src/core takes the stored contract (src/contract), not the zod config: config parses YAML into the contract at the edge.',
      from: { path: '^src/core/' },
      to: { path: '^src/config/' },
    },
    {
      name: 'core-does-no-io',
      severity: 'error',
      comment: 'src/core does no I/O and knows no Temporal: HTTP goes through src/http in an activity, Temporal calls live in workflows, activities and the client.',
      from: { path: '^src/core/' },
      to: {
        path: [
          '^node_modules/(?:@temporalio|got|hpagent|fastify|pino|prom-client)/',
          '^(?:node:)?(?:fs|net|http|https|http2|dns|tls|child_process|worker_threads|dgram|cluster)(?:/|$)',
        ],
      },
    },
    {
      name: 'config-is-the-edge',
      severity: 'error',
      comment: 'src/config parses and validates the YAML; it imports only src/config, src/core and src/shared (and src/contract), never the runtime that uses it.',
      from: { path: '^src/config/' },
      to: { path: `^src/(?!(?:config|core|shared|contract)/)` },
    },
    {
      name: 'src-imports-no-tests',
      severity: 'error',
      comment: 'The shipped code (src/) never imports the tests, the bench or the scripts.',
      from: { path: '^src/' },
      to: { path: '^(?:test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Count `import type` too (a cycle of types is still a cycle).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // NodeNext's `./x.js` for ./x.ts resolves by itself (dependency-cruiser tries .ts when the .js is missing).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    skipAnalysisNotInRules: true,
  },
};
