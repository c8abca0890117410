// @ts-check
/**
 * Where the e2e tests find the real browsers, certutil and `ip` (iproute2: the test sites' network
 * namespace, tests/fixtures/netns.mjs), and the one error message that says
 * how to install them. Shared by tests/run.mjs (checks before anything runs) and the harness
 * (checks again at launch), so a missing binary never turns into a skipped test.
 *
 * Defaults are Debian's packages; CHROMIUM_BIN / FIREFOX_BIN / CERTUTIL_BIN override them.
 * Chromium: the real binary, not the /usr/bin/chromium wrapper (it injects --load-extension=).
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const INSTALL_HINT =
  'Install the system dependencies with: sudo bash scripts/install-system-deps.sh ' +
  '(or: sudo apt-get update && sudo apt-get install -y chromium firefox-esr libnss3-tools iproute2)';

/** @param {string} file */
const executable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** @param {string} name */
const onPath = (name) =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, name))
    .find(executable);

/** @typedef {{ name: string, package: string, path: string | undefined }} Dep */

/** @returns {{ chromium: Dep, firefox: Dep, certutil: Dep, ip: Dep }} */
export function findSystemDeps() {
  const chromium = process.env.CHROMIUM_BIN ?? '/usr/lib/chromium/chromium';
  const firefox = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';
  return {
    chromium: { name: 'Chromium', package: 'chromium', path: executable(chromium) ? chromium : undefined },
    firefox: { name: 'Firefox ESR', package: 'firefox-esr', path: executable(firefox) ? firefox : undefined },
    certutil: {
      name: 'certutil',
      package: 'libnss3-tools',
      path: process.env.CERTUTIL_BIN ?? onPath('certutil'),
    },
    ip: { name: 'ip', package: 'iproute2', path: onPath('ip') },
  };
}

/**
 * Returns the path of each dependency asked for, or throws one error naming all missing ones.
 * @template {'chromium' | 'firefox' | 'certutil' | 'ip'} K
 * @param {K[]} which
 * @returns {Record<K, string>}
 */
export function requireSystemDeps(which) {
  const deps = findSystemDeps();
  const missing = which.filter((k) => !deps[k].path);
  if (missing.length) {
    const names = missing.map((k) => `${deps[k].name} (Debian package ${deps[k].package})`).join(', ');
    throw new Error(`Missing for the e2e tests: ${names}. ${INSTALL_HINT}`);
  }
  return /** @type {Record<K, string>} */ (Object.fromEntries(which.map((k) => [k, deps[k].path])));
}
