/**
 * HSTS and Alt-Svc from response headers in Firefox, read by a non-blocking listener of their
 * own (the blocking onHeadersReceived asks for no headers). Chromium's side, with the
 * securityInfo feature on and off, is in chromium-securityinfo.e2e.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, REPO_ROOT, startSites, type Session } from './harness.ts';
import { tabState } from './state.ts';

const messages = JSON.parse(readFileSync(join(REPO_ROOT, 'public', '_locales', 'en', 'messages.json'), 'utf8')) as Record<
  string,
  { message: string }
>;

describe('security headers (firefox)', () => {
  let sites: Awaited<ReturnType<typeof startSites>>;
  let session: Session;
  beforeAll(async () => {
    sites = await startSites();
    session = await launch('firefox', { rootCA: sites.pki.rootPath, sitesAddress: sites.address });
  });
  afterAll(async () => {
    await session?.close();
    await sites?.close();
  });

  test("the site's HSTS policy and HTTP/3 offer reach the tab state; the popup shows the policy beside the browser's own HSTS state", async () => {
    const url = sites.url('hsts.test');
    const { tabId } = await session.openPage(url);
    await expect
      .poll(async () => (await tabState(session, tabId))?.main?.headers, { timeout: 10_000 })
      .toEqual({
        hsts: { maxAge: 3600, includeSubDomains: false, preload: false },
        h3Offered: true,
      });
    const main = (await tabState(session, tabId))!.main!;
    // Firefox's own TLS facts are still there: the headers listener took nothing from them.
    expect(main.tls?.protocol).toBe('TLSv1.3');
    expect(typeof main.tls?.hsts).toBe('boolean');
    const popup = await session.openPopup(tabId);
    const hsts = await popup.page.evaluate(() => document.querySelector('.fact-hsts dd')?.textContent ?? '');
    await popup.close();
    expect(hsts).toContain(messages.popup_note_hsts_policy!.message.replace('$POLICY$', 'max-age=3600'));

    // A site without the header: read, and none sent.
    const plain = await session.openPage(sites.url('secure.test'));
    await expect.poll(async () => (await tabState(session, plain.tabId))?.main?.headers, { timeout: 10_000 }).toEqual({ h3Offered: false });
  });
});
