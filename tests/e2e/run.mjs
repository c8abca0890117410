// @ts-check
/**
 * `npm run test:e2e [-- --quick] [vitest arguments…]`: the e2e suite in real browsers.
 * `--quick` runs the matrix's quick subset (tests/fixtures/matrix.mjs, cases marked `quick`)
 * instead of the whole matrix (ONLOOKER_E2E_QUICK=1); `npm test` always runs it whole. Vitest
 * refuses options it does not know, hence this wrapper.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const rest = args.filter((a) => a !== '--quick');
const r = spawnSync(join(root, 'node_modules', '.bin', 'vitest'), ['run', '--config', 'vitest.e2e.config.ts', ...rest], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...(quick ? { ONLOOKER_E2E_QUICK: '1' } : {}) },
});
process.exit(r.status ?? 1);
