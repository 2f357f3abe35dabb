// `npm run lint` runs ESLint with this file, then dependency-cruiser (.dependency-cruiser.cjs:
// import cycles and the arrows between folders). ESLint keeps two rules of the house:
// - workflow code imports nothing that cannot run in Temporal's deterministic sandbox;
// - no promise is left floating;
// - no function in src/ is longer than 60 lines (blank lines and comments aside).
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import { workflowBundleFiles } from './scripts/lint/workflow-bundle-files.js';

const SANDBOX = 'workflow code runs in Temporal\'s deterministic sandbox (src/workflows and every module it imports by value end up in the workflow bundle)';

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const BUILTINS = `node:|(?:${builtinModules.filter((name) => !name.startsWith('_')).map(escape).join('|')})(?:/|$)`;
const PACKAGES_ALLOWED = '@temporalio/(?:workflow|common)(?:/|$)|@temporalio/interceptors-opentelemetry/lib/workflow(?:/|$)';
const RELATIVE_FOLDER = (folders) => `^\\.{1,2}/(?:.*/)?(?:${folders.join('|')})/`;

/**
 * What workflow code may not import, each with the reason and the way out. The patterns do not
 * overlap, so an import is reported once.
 */
export const workflowImportRules = {
  patterns: [
    {
      regex: `^(?:${BUILTINS})`,
      message: `Node built-in in ${SANDBOX}: do I/O, time and randomness in an activity, or use @temporalio/workflow's sleep, uuid4 and Date.`,
    },
    { regex: '^zod(?:/|$)', message: `zod in ${SANDBOX}: config is validated at the edge (src/config); a workflow takes the already-validated input.` },
    { regex: '^got(?:/|$)', message: `got in ${SANDBOX}: HTTP belongs in an activity (src/activities, src/http).` },
    {
      regex: `^(?!\\.|${BUILTINS}|zod(?:/|$)|got(?:/|$)|${PACKAGES_ALLOWED})`,
      message: `package in ${SANDBOX}: only @temporalio/workflow and @temporalio/common (and the OpenTelemetry workflow interceptors) are bundle-safe; pure logic belongs in src/core.`,
    },
    {
      regex: `${RELATIVE_FOLDER(['http', 'sandbox', 'cli', 'client', 'intake', 'temporal', 'logging', 'codec', 'receiver', 'verify'])}|^\\.{1,2}/(?:.*/)?worker\\.js$`,
      message: `${SANDBOX}: this folder does I/O or runs outside the workflow; call it through an activity.`,
    },
    {
      // Types are erased and never reach the bundle. Once the stored contract (src/contract)
      // replaces the config types in workflow inputs, src/config can lose allowTypeImports.
      regex: RELATIVE_FOLDER(['config', 'activities']),
      allowTypeImports: true,
      message: `${SANDBOX}: src/config (zod) and src/activities only as \`import type\`; workflows take validated input and call activities through proxyActivities.`,
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.leadwire/**', '.tools/**', 'coverage/**', 'scratch/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its error (an unhandled rejection kills the process) and, in
      // a workflow, its ordering. Await it, handle it, or mark it `void` with a comment that says why.
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // A function a newcomer can read in one go: long ones are split into named steps (a small
    // state object with one method per step, for workflows). Blank lines and comments do not count.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The workflows and every project module the bundle pulls in (computed from the imports, so a
    // module a workflow starts to import is held to these rules from that moment on).
    files: ['src/workflows/**/*.ts', ...workflowBundleFiles()],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', workflowImportRules],
      // `import { type X } from './m.js'` compiles to `import {} from './m.js'` under
      // verbatimModuleSyntax: m and its imports still load in the bundle. Write `import type`.
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },
);
