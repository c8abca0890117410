/**
 * Tests the harness itself, against a stub extension (tests/fixtures/stub-extension) that
 * implements only the e2e contract. Why: when an Onlooker e2e test fails, this file tells
 * whether the browsers, certificates, sites and harness work, i.e. whether to look at the
 * extension or at the test machinery.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BROWSERS, REPO_ROOT, launch, startSites, type BrowserName, type Session } from './harness.ts';
import { join } from 'node:path';

const STUB = join(REPO_ROOT, 'tests', 'fixtures', 'stub-extension');

type Sites = Awaited<ReturnType<typeof startSites>>;

/** The navigation error each engine gives for each broken test certificate. */
const CERT_ERRORS: Record<BrowserName, Record<string, RegExp>> = {
  chromium: { 'expired.test': /net::ERR_CERT_DATE_INVALID/, 'self-signed.test': /net::ERR_CERT_AUTHORITY_INVALID/ },
  firefox: {
    'expired.test': /SEC_ERROR_EXPIRED_CERTIFICATE/,
    'self-signed.test': /MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT|SEC_ERROR_UNKNOWN_ISSUER/,
  },
};

/** Sites and a browser with the stub extension, for one describe block. */
function useStub(browser: BrowserName): { sites: Sites; session: Session } {
  const env = {} as { sites: Sites; session: Session };
  beforeAll(async () => {
    env.sites = await startSites();
    env.session = await launch(browser, { rootCA: env.sites.pki.rootPath, sitesAddress: env.sites.address, extensionDir: STUB });
  });
  afterAll(async () => {
    await env.session?.close();
    await env.sites?.close();
  });
  return env;
}

describe.each(BROWSERS)('harness (%s)', (browser) => {
  const env = useStub(browser);

  test('trusts the test CA: TLS 1.3, TLS 1.2 and ECDSA sites load without errors', async () => {
    for (const host of ['secure.test', 'tls12.test', 'ecdsa.test']) {
      const { page, tabId } = await env.session.openPage(env.sites.url(host));
      expect(await page.title()).toBe(host);
      expect(tabId).toBeGreaterThan(0);
      await page.close();
    }
    const seen = env.sites.requests.filter((r) => r.path === '/').map((r) => `${r.host} ${r.tls}`);
    expect(seen).toEqual(expect.arrayContaining(['secure.test TLSv1.3', 'tls12.test TLSv1.2', 'ecdsa.test TLSv1.3']));
  });

  test('certificate errors stay errors (expired, self-signed)', async () => {
    for (const [host, certError] of Object.entries(CERT_ERRORS[browser])) {
      const { error, page } = await env.session.openPage(env.sites.url(host), { allowNavigationError: true });
      // The error for this certificate, not any failure (a refused connection, a timeout).
      expect(error, host).toMatch(certError);
      await page.close();
      // The browser refused the certificate: no request reached the site.
      expect(
        env.sites.requests.filter((r) => r.host === host),
        host,
      ).toEqual([]);
    }
  });

  test('tab ids, badge and popup come from the extension', async () => {
    const plain = await env.session.openPage(env.sites.url('plain.test'));
    const secure = await env.session.openPage(env.sites.url('secure.test'));
    expect(plain.tabId).not.toBe(secure.tabId);
    await expect.poll(async () => (await env.session.badge(plain.tabId)).text).toBe('HTTP');
    await expect.poll(async () => (await env.session.badge(secure.tabId)).text).toBe('TLS');
    expect((await env.session.badge(secure.tabId)).title).toContain('secure.test');
    const popup = await env.session.openPopup(secure.tabId);
    expect(await popup.text()).toContain('secure.test');
    await popup.close();
  });

  test('evalInBackground runs in the extension and accepts an argument or a string', async () => {
    expect(await env.session.evalInBackground((x: number) => x + 1, 41)).toBe(42);
    expect(await env.session.evalInBackground('typeof chrome.action.getBadgeText')).toBe('function');
  });

  test('the sites server swaps the changed.test certificate at runtime', async () => {
    const { page } = await env.session.openPage(env.sites.url('changed.test'));
    const before = env.sites.pki.leaves.get('changed.test')!.sha256;
    const res = await fetch(`http://${env.sites.address}:${env.sites.ports.http}/__admin/rotate?host=changed.test`, { method: 'POST' });
    const after = (await res.json()) as { sha256: string; issuer: string };
    expect(after.sha256).not.toBe(before);
    expect(after.issuer).toBe('alternate');
    await page.reload();
    expect(await page.title()).toBe('changed.test');
    // The browser made a new connection and got the new certificate (not a resumed session).
    const served = env.sites.requests.filter((r) => r.host === 'changed.test' && r.path === '/').map((r) => r.certSha256);
    expect(served).toEqual([before, after.sha256]);
    await page.close();
  });
});

// Firefox runs an event page, not a service worker: stopping one is a Chromium-only concern.
describe('harness (chromium service worker)', () => {
  const env = useStub('chromium');

  test('the service worker stops and the next event starts it again', async () => {
    const { page, tabId } = await env.session.openPage(env.sites.url('secure.test'));
    const startedBefore = await env.session.evalInBackground(() => (globalThis as { stubStartedAt?: number }).stubStartedAt ?? 0);
    await env.session.restartServiceWorker();
    expect(env.session.serviceWorkerRunning()).toBe(false);
    // A navigation is an event the stub listens to (webNavigation): it alone must wake the worker.
    // page.goto does not touch the worker; env.session.openPage/evalInBackground would start it.
    await page.goto(env.sites.url('plain.test'));
    await env.session.waitForServiceWorker();
    const startedAfter = await env.session.evalInBackground(() => (globalThis as { stubStartedAt?: number }).stubStartedAt ?? 0);
    expect(startedAfter).toBeGreaterThan(startedBefore);
    await expect.poll(async () => (await env.session.badge(tabId)).text).toBe('HTTP');
    await page.close();
  });
});
