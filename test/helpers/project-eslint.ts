import { ESLint } from 'eslint';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';

/**
 * ESLint with the project's real eslint.config.js, as `npm run lint` runs it, minus the one
 * type-aware rule (no-floating-promises): the rules the lint tests probe need no type
 * information, so the program is not built.
 */
export function projectEslint(): ESLint {
  return new ESLint({
    cwd: PROJECT_ROOT,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off' },
    },
  });
}
