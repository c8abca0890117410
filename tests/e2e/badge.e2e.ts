/**
 * The badge and popup contract of the real, built extension, in both browsers:
 * a plain-HTTP page is badged "HTTP"; an HTTPS page gets the badge its engine can judge;
 * the popup for a tab names that tab's host (and sets data-ready="true" when rendered).
 *
 * The test sites live on 127.0.0.1, which Onlooker by default badges "LOC" (local). These
 * tests turn on the user setting "judge local sites like remote ones" (localAsRemote), so the
 * badges are those the same pages would get from the internet.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BROWSERS, launch, startSites, type Session } from './harness.ts';

describe.each(BROWSERS)('badge and popup (%s)', (browser) => {
  let sites: Awaited<ReturnType<typeof startSites>>;
  let session: Session;

  beforeAll(async () => {
    sites = await startSites();
    session = await launch(browser, { rootCA: sites.pki.rootPath });
    // The options page's storage: storage.local "settings".
    await session.evalInBackground(() => chrome.storage.local.set({ settings: { localAsRemote: true } }));
  });
  afterAll(async () => {
    await session?.close();
    await sites?.close();
  });

  test('a plain HTTP page is badged "HTTP"', async () => {
    const { tabId } = await session.openPage(sites.url('plain.test'));
    await expect.poll(async () => (await session.badge(tabId)).text, { timeout: 10_000 }).toBe('HTTP');
  });

  // Exactly the badge each engine earns, so a wrong verdict fails here: Firefox sees that the
  // test CA is not built in ("ROOT", as interception looks); Chromium learns no TLS details
  // before an inspection, so the page is encrypted with unknown details ("TLS").
  test('an HTTPS page gets the badge its engine can judge: ROOT on Firefox, TLS on Chromium', async () => {
    const { tabId } = await session.openPage(sites.url('secure.test'));
    await expect
      .poll(async () => (await session.badge(tabId)).text, { timeout: 10_000 })
      .toBe(browser === 'firefox' ? 'ROOT' : 'TLS');
  });

  test.each(['plain.test', 'secure.test'])('the popup for a %s tab names its host', async (host) => {
    const { tabId } = await session.openPage(sites.url(host));
    const popup = await session.openPopup(tabId);
    try {
      expect(await popup.text()).toContain(host);
    } finally {
      await popup.close();
    }
  });
});
