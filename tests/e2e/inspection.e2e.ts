/**
 * Connection inspection end to end: what each engine really tells the extension about the
 * test sites, how it reaches the tab state and the badge, and that a stopped Chromium worker
 * loses nothing. Default settings: the sites live in a network namespace of their own on a
 * public-looking address (tests/fixtures/netns.mjs), so the verdicts are those of internet
 * sites. A second set of sites on loopback checks the "local" verdict and the user setting
 * "judge local sites like remote ones".
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BROWSERS, LOOPBACK_HOST, REPO_ROOT, launch, startSites, type BrowserName, type Session } from './harness.ts';
import { getTab, inspect, responseState, setSettings, tabState } from './state.ts';

const EN_MESSAGES = JSON.parse(readFileSync(join(REPO_ROOT, 'public/_locales/en/messages.json'), 'utf8')) as Record<
  string,
  { message: string }
>;

type Sites = Awaited<ReturnType<typeof startSites>>;

/** Starts the sites and a browser for a describe block; `loaded` opens a page and waits for its state. */
function useSites(browser: BrowserName) {
  const env = {} as {
    sites: Sites;
    session: Session;
    loaded: (host: string, path?: string) => Promise<number>;
  };
  beforeAll(async () => {
    env.sites = await startSites();
    env.session = await launch(browser, { rootCA: env.sites.pki.rootPath, sitesAddress: env.sites.address });
  });
  afterAll(async () => {
    await env.session?.close();
    await env.sites?.close();
  });
  env.loaded = async (host, path = '/') => {
    const url = env.sites.url(host, path);
    const { tabId } = await env.session.openPage(url);
    await responseState(env.session, tabId, url);
    return tabId;
  };
  return env;
}

describe.each(BROWSERS)('connection inspection (%s)', (browser) => {
  const env = useSites(browser);
  const firefox = browser === 'firefox';

  test('a TLS 1.3 page: IP and HTTP version on every engine, TLS facts where the engine gives them', async () => {
    const tabId = await env.loaded('secure.test');
    const leaf = env.sites.pki.leaves.get('secure.test')!;
    const state = (await tabState(env.session, tabId))!;
    expect(state.main).toMatchObject({ host: 'secure.test', scheme: 'https', ip: env.sites.address, engine: browser });
    await expect.poll(async () => (await tabState(env.session, tabId))?.main?.httpVersion).toBe('HTTP/1.1');
    if (firefox) {
      const tls = state.main!.tls!;
      expect(tls.protocol).toBe('TLSv1.3');
      expect(tls.cipher).toMatch(/^TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/);
      expect(tls.group).toBeTruthy();
      expect(tls.certificates[0]?.sha256).toBe(leaf.sha256);
      expect(tls.certificates[0]?.der).toBeTruthy();
      // The test root is not built into Firefox: exactly how interception looks.
      expect(tls.rootBuiltIn).toBe(false);
      await expect.poll(async () => (await env.session.badge(tabId)).text).toBe('ROOT');
    } else {
      expect(state.main!.tls).toBeUndefined();
      expect(state.main!.tlsUnknown).toBe('not-inspected');
      await expect.poll(async () => (await env.session.badge(tabId)).text).toBe('TLS');
    }
  });

  test('a TLS 1.2 page reports TLS 1.2 with its cipher', async () => {
    const tabId = await env.loaded('tls12.test');
    if (firefox) {
      const tls = (await tabState(env.session, tabId))!.main!.tls!;
      expect(tls.protocol).toBe('TLSv1.2');
      expect(tls.cipher).toMatch(/^TLS_ECDHE_(RSA|ECDSA)_WITH_/);
    } else {
      const result = await inspect(env.session, tabId);
      expect(result).toMatchObject({ ok: true, tls: { protocol: 'TLSv1.2', keyExchange: 'ECDHE_RSA' } });
    }
  });

  test('a plain HTTP page is the HTTP warning, with its IP', async () => {
    const tabId = await env.loaded('plain.test');
    const state = (await tabState(env.session, tabId))!;
    expect(state.main).toMatchObject({ scheme: 'http', ip: env.sites.address });
    expect(state.main!.tls).toBeUndefined();
    const badge = await env.session.badge(tabId);
    expect(badge.text).toBe('HTTP');
    expect(badge.title).toMatch(/Onlooker/);
  });

  test('an HTTPS page with an HTTP image and an HTTP form is mixed content', async () => {
    const tabId = await env.loaded('mixed.test');
    await expect.poll(async () => (await tabState(env.session, tabId))?.mixed.map((m) => m.kind).sort()).toEqual(['form', 'upgraded']);
    // Firefox's verdict is "custom root" first (the test CA); the mixed form is still a reason.
    await expect.poll(async () => (await env.session.badge(tabId)).text).toBe(firefox ? 'ROOT' : 'MIX');
  });

  test('the page lists the other hosts it contacted', async () => {
    const tabId = await env.loaded('secure.test', '/third-party');
    await expect.poll(async () => (await tabState(env.session, tabId))?.hosts['cdn.test']?.count).toBe(2);
    const cdn = (await tabState(env.session, tabId))!.hosts['cdn.test']!;
    expect(cdn).toMatchObject({ scheme: 'https', ip: env.sites.address });
  });

  test('HSTS: Firefox reports it once the site sent the header; Chromium shows what the site asked for', async () => {
    const tabId = await env.loaded('hsts.test');
    await env.session.openPage(env.sites.url('hsts.test'));
    const again = await env.loaded('hsts.test');
    if (firefox) {
      expect((await tabState(env.session, again))!.main!.tls!.hsts).toBe(true);
    } else {
      // No Chromium API tells an extension the browser's own HSTS state, inspected or not: the
      // row shows the policy the site sent (its header) and says the browser's state is not told.
      expect(await inspect(env.session, tabId)).toMatchObject({ ok: true });
      await expect.poll(async () => (await tabState(env.session, tabId))?.main?.tls?.protocol).toBe('TLSv1.3');
      const popup = await env.session.openPopup(tabId);
      try {
        await popup.page.waitForSelector('main[data-complete="true"]', 15_000);
        const row = (selector: string) =>
          popup.page.evaluate((s: string) => (document.querySelector(s) as HTMLElement | null)?.innerText ?? '', selector);
        expect(await row('.fact-tls-version')).toContain('TLS 1.3');
        const hsts = await row('.fact-hsts');
        expect(hsts).toContain('max-age=3600');
        expect(hsts).toContain(EN_MESSAGES.popup_note_hsts_state_unknown?.message ?? 'no popup_note_hsts_state_unknown message');
      } finally {
        await popup.close();
      }
    }
  });

  test('a certificate error page is "broken"', async () => {
    const { tabId } = await env.session.openPage(env.sites.url('expired.test'), { allowNavigationError: true });
    // Chromium names the error (net::ERR_CERT_DATE_INVALID); Firefox's webRequest gives NSS's
    // localized sentence, which does not say whether the certificate or the handshake failed.
    const kind = browser === 'chromium' ? 'cert-expired' : 'secure-connection-failed';
    await expect.poll(async () => (await tabState(env.session, tabId))?.main?.errorKind, { timeout: 10_000 }).toBe(kind);
    await expect.poll(async () => (await env.session.badge(tabId)).text).toBe('ERR');
  });

  test('background tabs keep their own badge while other tabs load', async () => {
    const plain = await env.loaded('plain.test');
    const secure = await env.loaded('ecdsa.test');
    const expected = firefox ? 'ROOT' : 'TLS';
    await expect.poll(async () => (await env.session.badge(secure)).text).toBe(expected);
    await env.loaded('mixed.test');
    expect((await env.session.badge(plain)).text).toBe('HTTP');
    expect((await env.session.badge(secure)).text).toBe(expected);
  });

  test('by default a site on loopback is judged "local", by the IP the browser connected to', async () => {
    const local = await startSites({ network: 'loopback', pki: env.sites.pki });
    try {
      const url = `http://${LOOPBACK_HOST}:${local.ports.http}/`;
      const { tabId } = await env.session.openPage(url);
      await responseState(env.session, tabId, url);
      expect((await tabState(env.session, tabId))!.main).toMatchObject({ host: LOOPBACK_HOST, ip: '127.0.0.1' });
      await expect.poll(async () => (await env.session.badge(tabId)).text).toBe('LOC');
    } finally {
      await local.close();
    }
  });

  test('"judge local sites like remote ones" gives a loopback site the verdict it would get online', async () => {
    const local = await startSites({ network: 'loopback', pki: env.sites.pki });
    await setSettings(env.session, { localAsRemote: true });
    try {
      const { tabId } = await env.session.openPage(`http://${LOOPBACK_HOST}:${local.ports.http}/`);
      await expect.poll(async () => (await tabState(env.session, tabId))?.main?.ip, { timeout: 10_000 }).toBe('127.0.0.1');
      await expect.poll(async () => (await env.session.badge(tabId)).text).toBe('HTTP');
    } finally {
      await setSettings(env.session, {});
      await local.close();
    }
  });
});

describe('Chromium: inspect and worker restarts', () => {
  const env = useSites('chromium');

  test('Inspect gives the full TLS details and chain, cached for the origin', async () => {
    const tabId = await env.loaded('secure.test');
    const leaf = env.sites.pki.leaves.get('secure.test')!;
    const result = await inspect(env.session, tabId);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.tls).toMatchObject({ protocol: 'TLSv1.3', source: 'chromium-debugger' });
    expect(result.tls.cipher).toMatch(/AES_(128|256)_GCM|CHACHA20_POLY1305/);
    expect(result.tls.group).toBeTruthy();
    expect(result.tls.certificates.length).toBeGreaterThanOrEqual(2);
    expect(result.tls.certificates[0]).toMatchObject({ sha256: leaf.sha256, subjectCN: 'secure.test' });
    // The reload during inspection makes a new page state; the inspection lands on it.
    await expect.poll(async () => (await tabState(env.session, tabId))?.main?.tls?.protocol).toBe('TLSv1.3');
    // Chromium never says whether the root is built in, so the verdict is secure with that caveat.
    await expect.poll(async () => (await env.session.badge(tabId)).text).toBe('OK');
    // A later visit to the same origin shows the earlier inspection, with its time.
    const later = await env.loaded('secure.test');
    const tls = (await tabState(env.session, later))!.main!.tls!;
    expect(tls.inspectedAt).toBe(result.inspectedAt);
  });

  test('Inspect without a reload: the page keeps what was typed, and the details say how they were seen', async () => {
    const url = env.sites.url('ecdsa.test');
    const { tabId, page } = await env.session.openPage(url);
    await responseState(env.session, tabId, url);
    // What a person had typed, and a mark only this document carries: a reload loses both.
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.id = 'typed';
      document.body.append(input);
      input.value = 'half-written message';
      (window as unknown as { onlookerMark: string }).onlookerMark = 'this document';
    });
    const result = await inspect(env.session, tabId);
    expect(result).toMatchObject({ ok: true, tls: { protocol: 'TLSv1.3', inspectedBy: 'request' } });
    if (!result.ok) return;
    expect(result.tls.certificates[0]).toMatchObject({ sha256: env.sites.pki.leaves.get('ecdsa.test')!.sha256 });
    expect(
      await page.evaluate(() => [
        (document.getElementById('typed') as HTMLInputElement | null)?.value,
        (window as unknown as { onlookerMark?: string }).onlookerMark,
      ]),
    ).toEqual(['half-written message', 'this document']);
    // The inspection lands on the page as it is, and says it was seen without a reload.
    await expect.poll(async () => (await tabState(env.session, tabId))?.main?.tls?.inspectedBy).toBe('request');
  });

  test('Inspect refuses a plain HTTP page cleanly', async () => {
    const tabId = await env.loaded('plain.test');
    expect(await inspect(env.session, tabId)).toMatchObject({ ok: false, error: 'not-supported' });
  });

  test('tab state and badge survive a stopped service worker', async () => {
    const tabId = await env.loaded('plain.test');
    await expect.poll(async () => (await env.session.badge(tabId)).text).toBe('HTTP');
    await env.session.restartServiceWorker();
    expect(env.session.serviceWorkerRunning()).toBe(false);
    // Reading through the popup wakes the worker, which must rebuild from storage.session.
    const view = await getTab(env.session, tabId);
    expect(view.state?.main).toMatchObject({ host: 'plain.test', ip: env.sites.address });
    expect((await env.session.badge(tabId)).text).toBe('HTTP');
    // Listeners are back too: a new page after the restart is observed.
    const next = await env.loaded('secure.test');
    expect((await tabState(env.session, next))!.main!.ip).toBe(env.sites.address);
  });
});
