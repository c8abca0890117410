#!/usr/bin/env node
// @ts-check
/**
 * Writes screenshots of the popup into docs/: an HTTPS and a plain-HTTP page, light and dark,
 * taken in headless Chromium with the e2e build against the local test sites (through the e2e
 * harness, bundled here with esbuild because Node runs no TypeScript).
 *
 * The HTTPS page is inspected first (the e2e build has `debugger` granted), so the popup shows
 * what a user sees after "Inspect". The test sites live on 127.0.0.1; the user setting "judge
 * local sites like remote ones" is switched on so the pictures show what the same site would
 * get on the internet rather than "local connection".
 *
 *   node scripts/screenshots.mjs            builds the e2e extension first
 *   SCREENSHOTS_NO_BUILD=1 node scripts/…   uses the existing .output-e2e build
 */
import { join } from 'node:path';
import { docs, harness, root } from './screenshot-kit.mjs';

/** The popup as a browser shows it: about 400 px wide, at most 600 px tall. */
const VIEWPORT = { width: 400, height: 600 };

const sites = await harness.startSites();
const session = await harness.launch('chromium', { rootCA: sites.pki.rootPath, sitesAddress: sites.address });
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

  const httpsTab = await loaded(sites.url('secure.test'));
  const inspector = await session.openPopup(httpsTab);
  const result = await inspector.page.evaluate(
    (/** @type {number} */ tabId) => chrome.runtime.sendMessage({ type: 'inspect', tabId }),
    httpsTab,
  );
  await inspector.close();
  if (!(/** @type {{ ok?: boolean }} */ (result)?.ok)) throw new Error(`inspect failed: ${JSON.stringify(result)}`);

  const httpTab = await loaded(sites.url('plain.test'));

  for (const [name, tabId] of /** @type {const} */ ([
    ['https', httpsTab],
    ['http', httpTab],
  ])) {
    for (const scheme of /** @type {const} */ (['light', 'dark'])) {
      const popup = await session.openPopup(tabId);
      const page = /** @type {import('playwright-core').Page} */ (popup.page.raw);
      await page.setViewportSize(VIEWPORT);
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForSelector('main[data-complete="true"]');
      const file = join(docs, `popup-${name}-${scheme}.png`);
      await page.screenshot({ path: file });
      console.log(`wrote ${file.replace(`${root}/`, '')}`);
      if (scheme === 'light') {
        // The whole popup, scrolled: every section, for reviewing the layout below the fold.
        const full = join(docs, `popup-${name}-full.png`);
        await page.screenshot({ path: full, fullPage: true });
        console.log(`wrote ${full.replace(`${root}/`, '')}`);
      }
      await popup.close();
    }
  }

  // "How this connection was made", opened, with the signatures checked (HTTPS) — light mode.
  for (const [name, tabId] of /** @type {const} */ ([
    ['https', httpsTab],
    ['http', httpTab],
  ])) {
    const popup = await session.openPopup(tabId);
    const page = /** @type {import('playwright-core').Page} */ (popup.page.raw);
    await page.setViewportSize(VIEWPORT);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForSelector('main[data-complete="true"]');
    await page.click('.handshake summary');
    await page.waitForSelector(name === 'https' ? '.hs-proof' : '.hs-body');
    const file = join(docs, `handshake-${name}.png`);
    await page.locator('.handshake').screenshot({ path: file });
    console.log(`wrote ${file.replace(`${root}/`, '')}`);
    await popup.close();
  }
} finally {
  await session.close();
  await sites.close();
}
