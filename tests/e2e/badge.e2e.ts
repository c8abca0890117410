/**
 * The badge and popup contract of the real, built extension, in both browsers:
 * a plain-HTTP page is badged "HTTP"; an HTTPS page gets the badge its engine can judge;
 * the popup for a tab names that tab's host (and sets data-ready="true" when rendered).
 *
 * Default settings: the test sites live on a public-looking address (their own network
 * namespace, tests/fixtures/netns.mjs), so the badges are those of sites on the internet.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BROWSERS, launch, startSites, type Session } from './harness.ts';

describe.each(BROWSERS)('badge and popup (%s)', (browser) => {
  let sites: Awaited<ReturnType<typeof startSites>>;
  let session: Session;

  beforeAll(async () => {
    sites = await startSites();
    session = await launch(browser, { rootCA: sites.pki.rootPath, sitesAddress: sites.address });
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
    await expect.poll(async () => (await session.badge(tabId)).text, { timeout: 10_000 }).toBe(browser === 'firefox' ? 'ROOT' : 'TLS');
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
