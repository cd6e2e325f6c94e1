import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Files run in parallel; each gets its own database and Redis key prefix (test/support/isolation.ts).
    fileParallelism: true,
    pool: 'forks',
  },
});
