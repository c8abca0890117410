/**
 * What both screenshot scripts need before their first picture: the e2e builds (unless
 * SCREENSHOTS_NO_BUILD=1), and the e2e harness bundled for Node, so a script drives the real
 * extension the way the tests do.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const docs = join(root, 'docs');
const tmp = join(root, '.tmp', 'screenshots');
mkdirSync(docs, { recursive: true });
mkdirSync(tmp, { recursive: true });

if (process.env.SCREENSHOTS_NO_BUILD !== '1') {
  for (const args of [
    ['wxt', 'build'],
    ['wxt', 'build', '-b', 'firefox', '--mv3'],
  ]) {
    const run = spawnSync('npx', args, { cwd: root, env: { ...process.env, ONLOOKER_E2E: '1' }, stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}

// The bundle sits in .tmp/screenshots/, two levels below the repository, as the harness expects.
const harnessFile = join(tmp, 'harness.mjs');
await build({
  entryPoints: [join(root, 'tests', 'e2e', 'harness.ts')],
  outfile: harnessFile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
/** @type {typeof import('../tests/e2e/harness.ts')} */
export const harness = await import(pathToFileURL(harnessFile).href);
