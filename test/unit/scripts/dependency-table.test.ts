import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../src/temporal/project-root.js';
import { dependencyTable, withDependencyTable } from '../../../scripts/dependency-table.js';

describe('the dependency table in SECURITY.md', () => {
  it('matches package.json and package-lock.json (run `npm run deps:table` when it does not)', () => {
    const text = readFileSync(join(PROJECT_ROOT, 'SECURITY.md'), 'utf8');
    expect(withDependencyTable(text, PROJECT_ROOT)).toBe(text);
  });

  it('lists every direct dependency with its locked version', () => {
    const table = dependencyTable(PROJECT_ROOT);
    const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
    expect(table).toContain(`| \`got\` | ^14.6.5 | ${lock.packages['node_modules/got']!.version} | runtime |`);
    expect(table).not.toContain('(not installed)');
  });
});
