import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../src/temporal/project-root.js';
import { projectEslint } from '../../../helpers/project-eslint.js';

// `npm run lint` with the real eslint.config.js, on the real text of a source file with one
// import added: what a developer would see after adding that line. The import rules need no
// type information (projectEslint leaves the type-aware rule out and builds no program).
let eslint: ESLint;
beforeAll(() => {
  eslint = projectEslint();
});

const source = (file: string) => readFileSync(join(PROJECT_ROOT, file), 'utf8');

/** The rule ids lint reports for `file` with `line` added on top (the parse errors too). */
async function problems(file: string, line = ''): Promise<string[]> {
  const [result] = await eslint.lintText(`${line}\n${source(file)}`, { filePath: join(PROJECT_ROOT, file) });
  return result!.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('npm run lint: what workflow code may import', () => {
  const WORKFLOW = 'src/workflows/deliver-lead.ts';

  it('passes a workflow as it is', async () => {
    expect(await problems(WORKFLOW)).toEqual([]);
  });

  it.each([
    "import 'node:fs';",
    "import { readFileSync } from 'fs';",
    "import { createHash } from 'crypto';",
    "import { z } from 'zod';",
    "import got from 'got';",
    "import { createHttpSender } from '../http/send-http-request.js';",
    "import { DEFAULT_SANDBOX_TIMEOUT_MS } from '../sandbox/sandbox-pool.js';",
    "import { parseDestination } from '../config/parse-destination.js';",
    "import { Client } from '@temporalio/client';",
  ])('fails a workflow that adds %s', async (line) => {
    expect(await problems(WORKFLOW, line)).toEqual(['@typescript-eslint/no-restricted-imports']);
  });

  it('lets a workflow import the types of src/config and src/activities (erased before the bundle)', async () => {
    expect(await problems(WORKFLOW, "import type { DestinationInput } from '../config/destination-schema.js';")).toEqual([]);
    expect(await problems(WORKFLOW, "import { type DestinationInput } from '../config/destination-schema.js';")).toEqual([
      '@typescript-eslint/no-import-type-side-effects',
    ]);
  });

  it('holds every module the workflow bundle pulls in to the same rules, and only those', async () => {
    // src/core/explain/words.ts is imported by workflows; src/core/render/render-body.ts is not.
    expect(await problems('src/core/explain/words.ts', "import { z } from 'zod';")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(await problems('src/core/render/render-body.ts', "import { z } from 'zod';")).toEqual([]);
  });
});
