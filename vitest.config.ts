import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'web/**'],
    pool: 'forks',
    // Vitest's default is one worker per core minus one: a single worker on this 2-core machine,
    // while most of the slow files wait on child processes, rate limits and timers, not the CPU.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
