import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Tests that spawn `npm start` or bin/tat.js need dist/ current: rebuilt here only when stale.
    globalSetup: ['test/support/build-dist.ts'],
  },
});
