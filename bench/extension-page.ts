/**
 * For benches that run code inside the built extension's pages (real IndexedDB, real Chromium):
 * building the e2e extension once into a private copy, and bundling a bench's in-page script.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defaultExtensionDir, REPO_ROOT } from '../tests/e2e/harness';

/** Builds the e2e extension and copies it to .tmp/bench/<name>, so a concurrent rebuild cannot change it mid-run. */
export function buildExtensionCopy(name: string): string {
  console.log('building the extension (ONLOOKER_E2E=1 wxt build)…');
  execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'wxt'), ['build'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ONLOOKER_E2E: '1' },
    stdio: 'ignore',
  });
  const copy = join(REPO_ROOT, '.tmp', 'bench', name);
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  cpSync(defaultExtensionDir('chromium'), copy, { recursive: true });
  return copy;
}

/**
 * `contents` (TypeScript, may import with the "@/" alias) bundled as one script to evaluate in
 * an extension page (CDP evaluation is not subject to the page's CSP): nothing test-only ships.
 */
export async function pageScript(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: REPO_ROOT, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    alias: { '@': REPO_ROOT },
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}
