import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Bounds on CPU starvation, not on behaviour: an integration test that takes 5 to 20 s on a
    // quiet machine (a CLI process started cold, a worker, deliveries through the dev server)
    // took over 60 s with other jobs on the two cores (load average 35). Tests wait for what they
    // assert (test/helpers/eventually.ts), so a slow machine only makes them slow.
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    // Two cores: one Temporal server plus two test files at a time keeps both busy.
    maxWorkers: 2,
  },
});
