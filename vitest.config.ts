import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration suites each start their own redis-server; two cores, so keep the fan-out small.
    maxWorkers: 2,
    fileParallelism: true,
    reporters: ['default'],
  },
});
