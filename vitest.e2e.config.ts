/**
 * E2E tests: real Chromium and Firefox against *.test sites served from a network namespace on
 * this machine (tests/e2e/harness.ts, tests/fixtures/netns.mjs; needs root: global-setup.ts
 * fails the run at once without it).
 * One file at a time, one test at a time: each file launches browsers, and two browsers plus
 * builds on a 2-core CI machine are plenty. Timeouts are long because launches are real.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The tests read lib/ (verdicts, the matrix's expectations) as the extension's code does.
  resolve: { alias: { '@/': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    environment: 'node',
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    // What an e2e poll waits for (a badge, a certificate read after the response) is worked out
    // off the page's path; on a busy 2-core machine that can take more than the default 1 s. A
    // poll still ends as soon as it holds.
    expect: { poll: { timeout: 10_000 } },
  },
});
