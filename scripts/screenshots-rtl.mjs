#!/usr/bin/env node
// @ts-check
/**
 * Writes screenshots of the popup and the privacy-history page in a right-to-left language
 * (Arabic by default) into docs/, from both engines: the layout check of issue 13. Same
 * set-up as scripts/screenshots.mjs (the e2e build, the local test sites, "judge local sites
 * like remote ones" on); the browsers are started in the language instead:
 *
 * - Chromium takes its UI language from `--lang=ar` and, on Linux, the LANGUAGE variable;
 *   chrome.i18n follows the UI language.
 * - Firefox takes it from the `intl.locale.requested` pref, but only for a language it has a
 *   language pack for: on Debian `apt-get install firefox-esr-l10n-ar` (the script stops and
 *   says so when Firefox stayed in English).
 *
 *   node scripts/screenshots-rtl.mjs [lang]   e.g. ar (default), he; builds the e2e extension first
 *   SCREENSHOTS_NO_BUILD=1 node scripts/…      uses the existing .output-e2e build
 */
import { join } from 'node:path';
import { docs, harness, root } from './screenshot-kit.mjs';

const lang = process.argv[2] ?? 'ar';

const POPUP = { width: 400, height: 600 };
const PAGE = { width: 1100, height: 760 };

/**
 * Sizes the viewport of a Playwright (Chromium) or Puppeteer (Firefox) page and saves a picture.
 * @param {import('../tests/e2e/harness.ts').TestPage} testPage
 * @param {{ width: number, height: number }} size
 * @param {string} file
 */
async function shoot(testPage, size, file) {
  const page = /** @type {any} */ (testPage.raw);
  if (typeof page.setViewportSize === 'function') await page.setViewportSize(size);
  else await page.setViewport(size);
  await new Promise((r) => setTimeout(r, 300));
  await page.screenshot({ path: file });
  console.log(`wrote ${file.replace(`${root}/`, '')}`);
}

const sites = await harness.startSites({ network: 'loopback' });
try {
  for (const browser of /** @type {const} */ (['chromium', 'firefox'])) {
    if (browser === 'chromium') process.env.LANGUAGE = lang;
    const session = await harness.launch(browser, {
      rootCA: sites.pki.rootPath,
      sitesAddress: sites.address,
      ...(browser === 'chromium' ? { chromiumArgs: [`--lang=${lang}`] } : { firefoxPrefs: { 'intl.locale.requested': lang } }),
    });
    try {
      await session.evalInBackground(() => chrome.storage.local.set({ settings: { localAsRemote: true } }));
      /** @param {string} url */
      const loaded = async (url) => {
        const { tabId } = await session.openPage(url);
        await harness.waitFor(`the report of ${url}`, async () => {
          const key = `tab:${tabId}`;
          const state = await session.evalInBackground(async (/** @type {string} */ k) => (await chrome.storage.session.get(k))[k], key);
          return /** @type {{ main?: { url?: string } } | undefined} */ (state)?.main?.url === url ? true : undefined;
        });
        return tabId;
      };
      // A few visits for the history page, then the HTTPS page the popup shows.
      await loaded(sites.url('plain.test'));
      await loaded(sites.url('tls12.test'));
      const tabId = await loaded(sites.url('secure.test'));
      if (browser === 'chromium') {
        const inspector = await session.openPopup(tabId);
        const result = await inspector.page.evaluate(
          (/** @type {number} */ id) => chrome.runtime.sendMessage({ type: 'inspect', tabId: id }),
          tabId,
        );
        await inspector.close();
        if (!(/** @type {{ ok?: boolean }} */ (result)?.ok)) throw new Error(`inspect failed: ${JSON.stringify(result)}`);
      }

      const popup = await session.openPopup(tabId);
      await popup.page.waitForSelector('main[data-complete="true"]', 15_000);
      const shown = await popup.page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
      if (shown.dir !== 'rtl') {
        throw new Error(
          `${browser} showed the popup in "${shown.lang}" (${shown.dir}), not ${lang}.` +
            (browser === 'firefox' ? ` Install Firefox's language pack: apt-get install firefox-esr-l10n-${lang}` : ''),
        );
      }
      // The leaf's details open too: the SCT and certificate rows, right to left.
      await shoot(popup.page, POPUP, join(docs, `popup-${lang}-${browser}.png`));
      await popup.close();

      const history = await session.openPage(`${session.extensionBase}/privacy.html`);
      await history.page.waitForSelector('.visit-item', 15_000);
      await shoot(history.page, PAGE, join(docs, `history-${lang}-${browser}.png`));
      await history.page.close();
    } finally {
      await session.close();
    }
  }
} finally {
  await sites.close();
}
