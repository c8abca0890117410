/**
 * E2E tests: real Chromium and Firefox against local *.test sites (tests/e2e/harness.ts).
 * One file at a time, one test at a time: each file launches browsers, and two browsers plus
 * builds on a 2-core CI machine are plenty. Timeouts are long because launches are real.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
