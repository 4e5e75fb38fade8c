import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Each spec file starts its own server and browser; two at a time fit two cores.
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
