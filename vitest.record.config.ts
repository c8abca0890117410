/**
 * `npm run record-fixtures`: records what the real browsers hand an extension for the matrix's
 * sites (tests/e2e/record/fixtures.record.ts) into tests/fixtures/engines/recorded/. Not part of
 * `npm test`: it rewrites committed fixtures, and is run when a browser version changes.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/record/**/*.record.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
