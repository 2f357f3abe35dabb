import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../src/temporal/project-root.js';

const DEPCRUISE = join(PROJECT_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

// The cycle check of `npm run lint` (dependency-cruiser with the project's .dependency-cruiser.cjs),
// run once on a few modules written the way src/ writes them (NodeNext `.js` specifiers for .ts files).
const MODULES: Record<string, string> = {
  'value-cycle/first.ts': "import { second } from './second.js';\nexport const first = () => second();\n",
  'value-cycle/second.ts': "import { first } from './first.js';\nexport const second = (): unknown => first;\n",
  'type-cycle/summary.ts': "import type { Client } from './client.js';\nexport interface Summary { client?: Client }\n",
  'type-cycle/client.ts': "import type { Summary } from './summary.js';\nexport interface Client { list(): Summary[] }\n",
  // The same types once the shared one has a module of its own.
  'no-cycle/summary.ts': 'export interface Summary { id: string }\n',
  'no-cycle/client.ts': "import type { Summary } from './summary.js';\nexport interface Client { list(): Summary[] }\n",
  'no-cycle/list.ts': "import type { Client } from './client.js';\nimport type { Summary } from './summary.js';\nexport const list = (c: Client): Summary[] => c.list();\n",
};

let dir: string;
let failed: boolean;
let output: string;
beforeAll(async () => {
  await mkdir(join(PROJECT_ROOT, '.leadwire'), { recursive: true });
  dir = await mkdtemp(join(PROJECT_ROOT, '.leadwire', 'cycle-probe-'));
  for (const [name, text] of Object.entries(MODULES)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  const args = [DEPCRUISE, '--config', '.dependency-cruiser.cjs', '--output-type', 'err', relative(PROJECT_ROOT, dir)];
  try {
    output = (await promisify(execFile)(process.execPath, args, { cwd: PROJECT_ROOT })).stdout;
    failed = false;
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    output = `${stdout}${stderr}`;
    failed = true;
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The modules named in the no-circular errors. */
const inCycles = () =>
  [...output.matchAll(/error no-circular:([^]*?)(?=\n\s*(?:error|x )|$)/g)].flatMap((m) => [...m[1]!.matchAll(/cycle-probe-\w+\/([\w/-]+\.ts)/g)].map((f) => f[1]!));

describe('npm run lint: import cycles', () => {
  it('fails, naming the modules of a cycle of value imports', () => {
    expect(failed).toBe(true);
    expect(inCycles()).toEqual(expect.arrayContaining(['value-cycle/first.ts', 'value-cycle/second.ts']));
  });

  it('fails on a cycle made of `import type` only', () => {
    expect(inCycles()).toEqual(expect.arrayContaining(['type-cycle/summary.ts', 'type-cycle/client.ts']));
  });

  it('passes modules that import each other one way', () => {
    expect(inCycles().filter((file) => file.startsWith('no-cycle/'))).toEqual([]);
    expect(output).toMatch(/2 dependency violations/);
  });
});
