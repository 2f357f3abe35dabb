import { join } from 'node:path';
import type { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../src/temporal/project-root.js';
import { projectEslint } from '../../../helpers/project-eslint.js';

// `npm run lint` with the real eslint.config.js on a module written into src/: a function of more
// than 60 lines (blank lines and comments aside) fails; split it into named steps.
let eslint: ESLint;
beforeAll(() => {
  eslint = projectEslint();
});

/** A function whose body holds `statements` lines, each followed by a comment and a blank line. */
function moduleWith(statements: number): string {
  const body = Array.from({ length: statements }, (_, i) => `  total += ${i};\n  // step ${i}\n`).join('\n');
  return `export function long(): number {\n  let total = 0;\n${body}\n  return total;\n}\n`;
}

async function rules(text: string, file = 'src/core/long-function.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: join(PROJECT_ROOT, file) });
  return result!.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('npm run lint: function length in src/', () => {
  it('passes a function of 60 lines, however many comments and blank lines it has', async () => {
    // 2 (signature, let) + 56 statements + 2 (return, brace) = 60 lines of code.
    expect(await rules(moduleWith(56))).toEqual([]);
  });

  it('fails a function of 61 lines', async () => {
    expect(await rules(moduleWith(57))).toEqual(['max-lines-per-function']);
  });

  it('leaves tests, scripts and the bench alone', async () => {
    expect(await rules(moduleWith(57), 'scripts/long-function.ts')).toEqual([]);
  });
});
