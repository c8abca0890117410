// @ts-check
/**
 * The one test command (`npm test`): typecheck, lint (eslint.config.js), dead code (knip.jsonc), format (Prettier), unit tests, the e2e builds, e2e tests in real
 * Chromium and Firefox. Why one script: CI and people run exactly the same thing, and the last
 * line is a plain summary a machine can read: `tests: N passed, M failed`.
 *
 * Steps keep going after a failure so one run shows everything, except that the e2e tests are
 * skipped (and counted as a failed step) when the build failed. Exit code is non-zero on any
 * failure. Vitest writes JSON results under .tmp/test-results/ for the counts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireSystemDeps } from './e2e/system-deps.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const bin = (/** @type {string} */ name) => join(root, 'node_modules', '.bin', name);
const resultsDir = join(root, '.tmp', 'test-results');

/** @type {string[]} */
const failedSteps = [];
let passed = 0;
let failed = 0;

/**
 * Runs a command with inherited output; returns true on exit code 0.
 * @param {string} label @param {string} cmd @param {string[]} args @param {Record<string, string>} [env]
 */
function step(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${[cmd.replace(root + '/', ''), ...args].join(' ')}`);
  const start = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(
    `=== ${label}: ${ok ? 'ok' : `FAILED (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`} in ${((Date.now() - start) / 1000).toFixed(1)} s`,
  );
  if (!ok) failedSteps.push(label);
  return ok;
}

/** @typedef {{ passed: number, failed: number, skipped: number }} Counts */
/**
 * Counts tests in a vitest JSON report. A setup that broke must never read as "0 failed":
 * in a failed file, a describe block whose tests were all skipped had its beforeAll fail
 * (vitest then skips them), so those count as failed; a failed file without tests (an
 * import error) counts as one failure.
 * @param {string} file
 * @returns {Counts & { byBrowser: Record<string, Counts> }}
 */
function count(file) {
  /** @type {Counts & { byBrowser: Record<string, Counts> }} */
  const total = { passed: 0, failed: 0, skipped: 0, byBrowser: {} };
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    total.failed = 1; // vitest died before writing results
    return total;
  }
  for (const f of report.testResults ?? []) {
    /** @type {any[]} */
    const tests = f.assertionResults ?? [];
    const ran = new Set(tests.filter((t) => t.status === 'passed' || t.status === 'failed').map((t) => suiteOf(t)));
    for (const t of tests) {
      const hookFailed = f.status === 'failed' && t.status !== 'passed' && !ran.has(suiteOf(t));
      /** @type {keyof Counts} */
      const kind = t.status === 'passed' ? 'passed' : t.status === 'failed' || hookFailed ? 'failed' : 'skipped';
      total[kind]++;
      (total.byBrowser[browserOf(t)] ??= { passed: 0, failed: 0, skipped: 0 })[kind]++;
    }
    if (f.status === 'failed' && tests.length === 0) {
      total.failed++;
      console.log(`(counted as 1 failure: ${f.name.replace(root + '/', '')}: ${(f.message ?? '').split('\n')[0]})`);
    }
  }
  return total;
}

/** @param {{ ancestorTitles?: string[] }} t */
const suiteOf = (t) => (t.ancestorTitles ?? []).join(' > ');

/** The browser a test ran in, from its describe titles first ("badge (firefox)"), then its own title. */
const browserOf = (/** @type {{ ancestorTitles?: string[], title?: string }} */ t) => {
  const find = (/** @type {string} */ text) => text.match(/\b(chromium|firefox)\b/i)?.[1]?.toLowerCase();
  return find(suiteOf(t)) ?? find(t.title ?? '') ?? 'no browser';
};

/**
 * Runs vitest with the default reporter plus JSON, and adds the counts to the totals.
 * @param {string} label @param {string[]} args @param {Record<string, string>} [env]
 */
function vitest(label, args, env = {}) {
  const out = join(resultsDir, `${label}.json`);
  rmSync(out, { force: true });
  step(label, bin('vitest'), ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], env);
  const c = count(out);
  passed += c.passed;
  failed += c.failed;
  console.log(`${label}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  return c;
}

function summary() {
  if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(failedSteps.length || failed ? 1 : 0);
}

mkdirSync(resultsDir, { recursive: true });

// Browsers, certutil and ip first: without them the e2e tests cannot run, and that is a failure.
// (Root, for the sites' network namespace, is checked by the e2e run's global setup.)
try {
  const deps = requireSystemDeps(['chromium', 'firefox', 'certutil', 'ip']);
  console.log(`Using ${deps.chromium}, ${deps.firefox}, ${deps.certutil}, ${deps.ip}`);
} catch (err) {
  console.log(`\n${err instanceof Error ? err.message : err}`);
  failedSteps.push('system dependencies');
  summary();
}

step('typecheck', bin('tsc'), ['--noEmit']);
step('typecheck e2e', bin('tsc'), ['--noEmit', '-p', 'tests/e2e']);
step('typecheck bench', bin('tsc'), ['--noEmit', '-p', 'bench']);
step('lint', bin('eslint'), ['.']);
step('dead code', bin('knip'), []);
step('format', bin('prettier'), ['--check', '.']);
vitest('unit', []);

const e2eEnv = { ONLOOKER_E2E: '1' };
const built =
  step('build chrome-mv3', bin('wxt'), ['build'], e2eEnv) &&
  step('build firefox-mv3', bin('wxt'), ['build', '-b', 'firefox', '--mv3'], e2eEnv);

if (built) {
  const e2e = vitest('e2e', ['--config', 'vitest.e2e.config.ts']);
  for (const browser of ['chromium', 'firefox', 'no browser']) {
    const b = e2e.byBrowser[browser];
    if (b) console.log(`e2e ${browser}: ${b.passed} passed, ${b.failed} failed, ${b.skipped} skipped`);
    else if (browser !== 'no browser') console.log(`e2e ${browser}: no tests ran`);
  }
} else {
  console.log('\n=== e2e: not run, the build failed');
  failedSteps.push('e2e (not run)');
}

summary();
