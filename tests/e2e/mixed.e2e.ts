/**
 * Mixed content that cannot hide, in the real built extension and both browsers: each
 * mixed.test /v/NAME page (tests/fixtures/sites.mjs) hides a plain-HTTP form target another
 * way — whitespace in `action`, `formaction`, `<base href="http:…">`, a clobbered
 * `form.action`, a srcdoc or same-origin iframe, a form added or retargeted after load, one
 * written into a srcdoc frame after load — and each must end up as a 'form' item in the tab
 * state (the record the popup draws) and in the verdict. A clean HTTPS page must not be flagged.
 * Password and card fields are found the same way on a plain-HTTP page when drawn after load (the
 * matrix's http-login and mixed-login cases cover those present from the start).
 *
 * Badge: Chromium shows MIX. Firefox knows the chain ends in the test root CA, which it did not
 * ship, and "custom root" outranks "mixed" (lib/report/verdict.ts): its badge stays ROOT, with the
 * mixed form among the verdict's reasons — checked from the stored state.
 * Default settings: the sites look remote (their own network namespace), as in badge.e2e.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BROWSERS, launch, startSites, type Session } from './harness.ts';
import { tabState } from './state.ts';
import { verdict } from '../../lib/report/verdict.ts';

const HIDDEN = ['space', 'newline', 'formaction', 'formaction-input', 'base', 'clobbered', 'srcdoc', 'frame'];
const LATER = ['added', 'retarget', 'added-in-frame'];

describe.each(BROWSERS)('mixed content that cannot hide (%s)', (browser) => {
  let sites: Awaited<ReturnType<typeof startSites>>;
  let session: Session;
  const mixedBadge = browser === 'firefox' ? 'ROOT' : 'MIX';
  const plain = (path: string) => `http://plain.test:${sites.ports.http}${path}`;
  const mixedOf = async (tabId: number) => (await tabState(session, tabId))?.mixed ?? [];

  async function expectFlagged(tabId: number, variant: string): Promise<void> {
    await expect.poll(() => mixedOf(tabId), { timeout: 10_000 }).toContainEqual({ kind: 'form', url: plain(`/submit?v=${variant}`) });
    const state = (await tabState(session, tabId))!;
    expect(verdict(state).reasons.map((r) => r.key)).toContain('reason_mixed_form');
    await expect.poll(async () => (await session.badge(tabId)).text).toBe(mixedBadge);
  }

  beforeAll(async () => {
    sites = await startSites();
    session = await launch(browser, { rootCA: sites.pki.rootPath, sitesAddress: sites.address });
  });
  afterAll(async () => {
    await session?.close();
    await sites?.close();
  });

  test.each(HIDDEN)('a plain-HTTP form target hidden by "%s" is found', async (variant) => {
    const { tabId } = await session.openPage(sites.url('mixed.test', `/v/${variant}`));
    await expectFlagged(tabId, variant);
  });

  test.each(LATER)('a plain-HTTP form target that appears after load ("%s") is found', async (variant) => {
    const { tabId, page } = await session.openPage(sites.url('mixed.test', `/v/${variant}`));
    // The page's http:// image (upgraded by the browser, not a problem) shows the probe has run.
    await expect
      .poll(() => mixedOf(tabId), { timeout: 10_000 })
      .toContainEqual({ kind: 'upgraded', url: plain(`/pixel.png?v=${variant}`) });
    expect((await mixedOf(tabId)).filter((m) => m.kind === 'form')).toEqual([]);
    if (browser === 'chromium') expect((await session.badge(tabId)).text).not.toBe('MIX');
    await page.evaluate(() => (globalThis as unknown as { later(): void }).later());
    await expectFlagged(tabId, variant);
  });

  /** Waits until the page probe has surely run in the tab's page (it reports nothing on a clean one). */
  async function probed(tabId: number): Promise<void> {
    if (browser === 'chromium') {
      // The probe reports the page's HTTP version there: once it is in, the probe has run.
      await expect.poll(async () => (await tabState(session, tabId))?.main?.httpVersion, { timeout: 10_000 }).toBeTruthy();
    } else {
      // Firefox reports nothing when there is nothing new: give the probe time to run.
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }

  test('a login form drawn after load on a plain-HTTP page is found', async () => {
    const { tabId, page } = await session.openPage(plain('/login-later'));
    await probed(tabId);
    expect((await tabState(session, tabId))?.secrets).toBeUndefined();
    await page.evaluate(() => (globalThis as unknown as { later(): void }).later());
    await expect.poll(async () => (await tabState(session, tabId))?.secrets, { timeout: 10_000 }).toEqual(['password', 'card']);
    const reasons = verdict((await tabState(session, tabId))!).reasons.map((r) => r.key);
    expect(reasons).toEqual(expect.arrayContaining(['reason_plain_http', 'reason_secret_password', 'reason_secret_card']));
  });

  test('a clean HTTPS page (relative and https targets, a non-submitting formaction) is not flagged', async () => {
    const { tabId } = await session.openPage(sites.url('mixed.test', '/v/clean'));
    await probed(tabId);
    expect(await mixedOf(tabId)).toEqual([]);
    expect((await session.badge(tabId)).text).not.toBe('MIX');
  });
});
