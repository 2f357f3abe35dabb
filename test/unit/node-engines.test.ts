import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';

// Issue 21: `npm ci` warned EBADENGINE (cookie@2.0.2 wants node >= 22) on the Node 20 the README
// promised. Every package the lock file installs must accept the oldest Node the project states.

const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: unknown; optional?: boolean }> };
const minimum = semver.minVersion(pkg.engines.node)!.version;

describe('the Node.js version the project states', () => {
  it('is the one the README names', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const stated = /Node\.js (\d+\.\d+(?:\.\d+)?) or newer/.exec(readme)?.[1];
    expect(stated && semver.coerce(stated)!.version).toBe(minimum);
  });

  it('is accepted by every package npm ci installs, so it warns of no engine', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && typeof p.engines === 'object' && p.engines !== null && typeof (p.engines as { node?: unknown }).node === 'string')
      .filter(([, p]) => !semver.satisfies(minimum, (p.engines as { node: string }).node))
      .map(([path, p]) => `${path}@${p.version} wants node ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});
