#!/usr/bin/env node
// Runs every bench/*.bench.ts: each is bundled with esbuild (TypeScript, the "@/" alias, and
// `wxt/browser` replaced by a stub so pure code runs in Node) and executed in its own process.
// A bench prints its figures and exits non-zero when a budget is missed.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.tmp', 'bench');
mkdirSync(out, { recursive: true });

// Bare words pick benches by name; `--flag value` / `--flag=value` go to every bench run
// (e.g. `npm run bench -- pageload --peer chromium=DIR,firefox=DIR`).
/** @type {string[]} */
const only = [];
/** @type {string[]} */
const passThrough = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i] ?? '';
  const next = argv[i + 1];
  if (!arg.startsWith('--')) only.push(arg);
  else {
    passThrough.push(arg);
    if (!arg.includes('=') && next && !next.startsWith('--')) {
      passThrough.push(next);
      i++;
    }
  }
}
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only.length || only.some((name) => f.includes(name)))
  .sort();

let failed = 0;
for (const file of benches) {
  const outfile = join(out, file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [join(root, 'bench', file)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    alias: { '@': root, 'wxt/browser': join(root, 'bench', 'stub-browser.ts') },
    logLevel: 'warning',
  });
  console.log(`\n# ${file}`);
  const run = spawnSync(process.execPath, ['--expose-gc', outfile, ...passThrough], { stdio: 'inherit', cwd: root });
  if (run.status !== 0) failed++;
}
console.log(failed ? `\nbench: ${failed} over budget or failed` : '\nbench: all within budget');
process.exit(failed ? 1 : 0);
