import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEPENDENCIES_START = '<!-- dependencies:start -->';
export const DEPENDENCIES_END = '<!-- dependencies:end -->';

/**
 * The direct dependencies and the versions package-lock.json pins, as a Markdown table: the
 * record to audit against advisories on a machine that can reach an advisory service.
 */
export function dependencyTable(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const rows = [
    ...Object.entries(pkg.dependencies ?? {}).map(([name, range]) => [name, range, 'runtime'] as const),
    ...Object.entries(pkg.devDependencies ?? {}).map(([name, range]) => [name, range, 'development'] as const),
  ]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, range, kind]) => `| \`${name}\` | ${range} | ${lock.packages[`node_modules/${name}`]?.version ?? '(not installed)'} | ${kind} |`);
  return ['| package | range in package.json | locked version | used at |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** `text` with the part between the dependency markers replaced by the current table. */
export function withDependencyTable(text: string, root: string): string {
  const start = text.indexOf(DEPENDENCIES_START);
  const end = text.indexOf(DEPENDENCIES_END);
  if (start < 0 || end < start) throw new Error(`SECURITY.md has no ${DEPENDENCIES_START} ... ${DEPENDENCIES_END} section`);
  return `${text.slice(0, start + DEPENDENCIES_START.length)}\n${dependencyTable(root)}\n${text.slice(end)}`;
}
