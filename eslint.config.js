// `npm run lint` (with dependency-cruiser for the layering between folders and import cycles:
// .dependency-cruiser.cjs). ESLint keeps two rules here: workflow code imports nothing that
// cannot run in Temporal's deterministic sandbox, and no promise is left floating.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import { workflowBundleFiles } from './scripts/lint/workflow-bundle-files.js';

const SANDBOX = 'workflow code runs in Temporal\'s deterministic sandbox (src/workflows and every module it imports by value end up in the workflow bundle)';

/** What workflow code may not import, each with the reason and the way out. */
export const workflowImportRules = {
  paths: [
    ...builtinModules.filter((name) => !name.startsWith('_')).map((name) => ({
      name,
      message: `Node built-in in ${SANDBOX}: do I/O, time and randomness in an activity, or use @temporalio/workflow's sleep, uuid4 and Date.`,
    })),
    { name: 'zod', message: `zod in ${SANDBOX}: config is validated at the edge (src/config); a workflow takes the already-validated input.` },
    { name: 'got', message: `got in ${SANDBOX}: HTTP belongs in an activity (src/activities, src/http).` },
  ],
  patterns: [
    { group: ['node:*'], message: `Node built-in in ${SANDBOX}: do I/O, time and randomness in an activity.` },
    {
      regex: '^(?!\\.|@temporalio/(workflow|common)(/|$)|@temporalio/interceptors-opentelemetry/lib/workflow(/|$))',
      message: `package in ${SANDBOX}: only @temporalio/workflow and @temporalio/common (and the OpenTelemetry workflow interceptors) are bundle-safe; pure logic belongs in src/core.`,
    },
    {
      regex: '(^|/)(http|sandbox|cli|client|intake|temporal|logging|codec|receiver|verify)/|(^|/)worker\\.js$',
      message: `${SANDBOX}: this folder does I/O or runs outside the workflow; call it through an activity.`,
    },
    {
      regex: '(^|/)(config|activities)/',
      allowTypeImports: true,
      message: `${SANDBOX}: src/config (zod) and src/activities only as \`import type\`; workflows take validated input and call activities through proxyActivities.`,
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.leadwire/**', '.tools/**', 'coverage/**', 'scratch/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its error (an unhandled rejection kills the worker) and, in a
      // workflow, its ordering. Await it, handle it, or mark it `void` with a comment that says why.
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // Steps, not walls of code: house style asks for functions under about 60 lines.
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['warn', { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }] },
  },
  {
    files: ['src/workflows/**/*.ts', ...workflowBundleFiles()],
    rules: { 'no-restricted-imports': ['error', workflowImportRules] },
  },
);
