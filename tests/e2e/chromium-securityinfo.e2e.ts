/**
 * Chromium's webRequest `securityInfo` (feature WebRequestSecurityInfo, off by default), end to
 * end in two launches: one with `--enable-features=WebRequestSecurityInfo`, one with the
 * browser's defaults. With it on, every load gives the leaf certificate without Inspect
 * (identity, expiry, badge, history and its change detection) and a warning the user clicked
 * through is "overridden"; with it off nothing is lost and Onlooker says it is off. HSTS and
 * Alt-Svc come from response headers either way.
 *
 * The real `details.securityInfo` objects are recorded by a listener of the test's own in the
 * worker; `ONLOOKER_RECORD_FIXTURES=1` writes them to
 * tests/fixtures/engines/chromium-webrequest-security-info.json (the unit tests' input), and
 * every other run checks the browser still sends that shape.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, REPO_ROOT, startSites, waitFor, type Session, type TestPage } from './harness.ts';
import { getTab, inspect, responseState, tabState } from './state.ts';

type Sites = Awaited<ReturnType<typeof startSites>>;

const FIXTURE = join(REPO_ROOT, 'tests', 'fixtures', 'engines', 'chromium-webrequest-security-info.json');
const FEATURE_ON = ['--enable-features=WebRequestSecurityInfo'];
const messages = JSON.parse(readFileSync(join(REPO_ROOT, 'public', '_locales', 'en', 'messages.json'), 'utf8')) as Record<
  string,
  { message: string }
>;
const en = (key: string) => messages[key]!.message;

/** What the test's own listener keeps of one onHeadersReceived (DER as base64: ArrayBuffers do not cross CDP). */
interface Recorded {
  url: string;
  hasField: boolean;
  securityInfo?: { state?: string; certificates?: { fingerprint?: { sha256?: string }; rawDER?: string }[] };
}

declare const chrome: {
  webRequest: {
    onHeadersReceived: {
      addListener(cb: (d: { url: string; type: string; securityInfo?: unknown }) => void, filter: object, spec: string[]): void;
    };
  };
};

/** Adds the recording listener (main documents) to the running worker. */
function record(session: Session): Promise<void> {
  return session.evalInBackground(() => {
    const g = globalThis as unknown as { __recorded?: Recorded[] };
    if (g.__recorded) return;
    g.__recorded = [];
    const b64 = (buf: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buf)));
    chrome.webRequest.onHeadersReceived.addListener(
      (d) => {
        const info = d.securityInfo as
          | { state?: string; certificates?: { fingerprint?: { sha256?: string }; rawDER?: ArrayBuffer }[] }
          | undefined;
        const entry: Recorded = { url: d.url, hasField: 'securityInfo' in d };
        if (info) {
          // Every field as Chromium sent it, the DER as base64.
          const { certificates, ...rest } = info;
          entry.securityInfo = {
            ...rest,
            ...(certificates
              ? { certificates: certificates.map(({ rawDER, ...cert }) => ({ ...cert, ...(rawDER ? { rawDER: b64(rawDER) } : {}) })) }
              : {}),
          };
        }
        g.__recorded!.push(entry);
      },
      { urls: ['<all_urls>'], types: ['main_frame'] },
      ['securityInfo', 'securityInfoRawDer'],
    );
  });
}

const recorded = (session: Session) =>
  session.evalInBackground(() => (globalThis as unknown as { __recorded?: Recorded[] }).__recorded ?? []);

function useChromium(chromiumArgs?: string[]) {
  const env = {} as { sites: Sites; session: Session; load: (host: string) => Promise<{ tabId: number; page: TestPage }> };
  beforeAll(async () => {
    env.sites = await startSites();
    env.session = await launch('chromium', {
      rootCA: env.sites.pki.rootPath,
      sitesAddress: env.sites.address,
      ...(chromiumArgs ? { chromiumArgs } : {}),
    });
    await record(env.session);
  });
  afterAll(async () => {
    await env.session?.close();
    await env.sites?.close();
  });
  env.load = async (host) => {
    const url = env.sites.url(host);
    // Chromium aborts a load with ERR_NETWORK_CHANGED when any interface on the machine comes or
    // goes (other test runs create network namespaces): that load is retried once, nothing else.
    const opened = await env.session.openPage(url).catch((err: unknown) => {
      if (!/ERR_NETWORK_CHANGED/.test(String(err))) throw err;
      return env.session.openPage(url);
    });
    await responseState(env.session, opened.tabId, url);
    return opened;
  };
  return env;
}

/** Clicks through Chromium's certificate interstitial the way a user can without the UI: typing the bypass phrase. */
async function clickThrough(page: TestPage): Promise<void> {
  const raw = page.raw as import('playwright-core').Page;
  await raw.waitForSelector('#details-button', { timeout: 10_000 });
  await raw.click('#details-button');
  await raw.click('#proceed-link');
}

describe('Chromium securityInfo, feature on (--enable-features=WebRequestSecurityInfo)', () => {
  const env = useChromium(FEATURE_ON);

  test('every load gives the leaf: identity, expiry and key without Inspect; the detection says "on"', async () => {
    const { tabId } = await env.load('secure.test');
    const leaf = env.sites.pki.leaves.get('secure.test')!;
    // Names, validity and key are read from the DER after the response: poll until they land.
    const cert = await waitFor("the leaf's facts", async () => {
      const c = (await tabState(env.session, tabId))?.main?.tls?.certificates[0];
      return c?.subjectCN ? c : undefined;
    });
    const main = (await tabState(env.session, tabId))!.main!;
    expect(main.tls).toMatchObject({ source: 'chromium-webrequest' });
    expect(main.tls!.certificates).toHaveLength(1);
    expect(main.tlsUnknown).toBeUndefined();
    expect(main.ip).toBe(env.sites.address);
    expect(cert.sha256).toBe(leaf.sha256);
    expect(cert.subjectCN).toBe('secure.test');
    expect(cert.issuerOrg).toBeTruthy();
    expect(cert.notAfter).toBe(Math.floor(leaf.notAfter.getTime() / 1000) * 1000);
    expect(cert.spkiSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect((await getTab(env.session, tabId)).webRequestSecurityInfo).toBe('on');

    const popup = await env.session.openPopup(tabId);
    const text = await popup.text();
    await popup.close();
    // The identity section read the live leaf: its issuer is nowhere else on the popup.
    expect(text).toContain(cert.issuerOrg!);
    expect(text).not.toContain(en('popup_identity_not_inspected'));
  });

  test('a blocked certificate error stays ERR: no headers, so no securityInfo (before any click-through, which Chromium remembers)', async () => {
    const { tabId } = await env.session.openPage(env.sites.url('expired.test'), { allowNavigationError: true });
    await expect.poll(async () => (await tabState(env.session, tabId))?.main?.errorKind, { timeout: 10_000 }).toBe('cert-expired');
  });

  test('a certificate warning clicked through is "overridden" (state "broken"), badge OVR', async () => {
    const { tabId, page } = await env.session.openPage(env.sites.url('expired.test'), { allowNavigationError: true });
    await clickThrough(page);
    await expect.poll(async () => (await tabState(env.session, tabId))?.main?.tls?.overriddenError, { timeout: 10_000 }).toBe('unknown');
    const leaf = env.sites.pki.leaves.get('expired.test')!;
    expect((await tabState(env.session, tabId))!.main!.tls!.certificates[0]?.sha256).toBe(leaf.sha256);
    await expect.poll(async () => (await env.session.badge(tabId)).text).toBe('OVR');
  });

  test('HSTS and an HTTP/3 offer from the headers; the popup says what the site asked for', async () => {
    const { tabId } = await env.load('hsts.test');
    expect((await tabState(env.session, tabId))!.main!.headers).toEqual({
      hsts: { maxAge: 3600, includeSubDomains: false, preload: false },
      h3Offered: true,
    });
    const popup = await env.session.openPopup(tabId);
    const hsts = await popup.page.evaluate(() => document.querySelector('.fact-hsts dd')?.textContent ?? '');
    await popup.close();
    expect(hsts).toContain(en('popup_value_hsts_asked').replace('$POLICY$', 'max-age=3600'));
    expect(hsts).toContain(en('popup_note_hsts_state_unknown'));
  });

  test('history: a new certificate with a new key from another CA is a "cert-changed" event, without Inspect', async () => {
    await env.load('changed.test');
    const res = await fetch(`http://${env.sites.address}:${env.sites.ports.http}/__admin/rotate?host=changed.test`, { method: 'POST' });
    expect(res.ok).toBe(true);
    const { tabId } = await env.load('changed.test');
    await expect
      .poll(async () => (await tabState(env.session, tabId))?.main?.tls?.certificates[0]?.sha256)
      .toBe(env.sites.pki.leaves.get('changed.test')!.sha256);
    const { page } = await env.session.openPage(`${env.session.extensionBase}/privacy.html#events`);
    await page.waitForSelector('[data-ready="true"]', 20_000);
    const item = '.event-item[data-kind="cert-changed"]';
    await waitFor(
      'the cert-changed event',
      async () =>
        (await page.evaluate((s: string) => (document.querySelector(s) as HTMLElement | null)?.innerText ?? '', item)).includes(
          'changed.test',
        )
          ? true
          : undefined,
      20_000,
    );
    await page.close();
  });

  test("the recorded securityInfo objects have the fixture's shape (ONLOOKER_RECORD_FIXTURES=1 rewrites it)", async () => {
    const seen = await recorded(env.session);
    const secure = seen.find((r) => r.url.startsWith(env.sites.url('secure.test')));
    const broken = seen.find((r) => r.securityInfo?.state === 'broken');
    expect(secure?.securityInfo?.state).toBe('secure');
    expect(broken?.url).toContain('expired.test');
    // Upper-case colon hex, leaf only, DER present.
    expect(secure!.securityInfo!.certificates).toHaveLength(1);
    expect(secure!.securityInfo!.certificates![0]!.fingerprint!.sha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(secure!.securityInfo!.certificates![0]!.rawDER).toBeTruthy();
    if (process.env.ONLOOKER_RECORD_FIXTURES === '1') {
      const version = execFileSync('/usr/lib/chromium/chromium', ['--version'], { encoding: 'utf8' }).trim();
      const fixture = {
        recorded: `${new Date().toISOString().slice(0, 10)}, ${version}, --enable-features=WebRequestSecurityInfo, onHeadersReceived ['securityInfo', 'securityInfoRawDer'] (rawDER: the ArrayBuffer as base64)`,
        secure: secure!.securityInfo,
        broken: broken!.securityInfo,
      };
      writeFileSync(FIXTURE, `${JSON.stringify(fixture, null, 2)}\n`);
    }
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Recorded['securityInfo']>;
    const shape = (info: Recorded['securityInfo']) => ({
      keys: Object.keys(info ?? {}).sort(),
      certKeys: (info?.certificates ?? []).map((c) => Object.keys(c).sort()),
      fingerprintKeys: (info?.certificates ?? []).map((c) => Object.keys(c.fingerprint ?? {}).sort()),
    });
    expect(shape(secure!.securityInfo)).toEqual(shape(fixture.secure));
    expect(shape(broken!.securityInfo)).toEqual(shape(fixture.broken));
  });
});

describe('Chromium securityInfo, feature off (default settings)', () => {
  const env = useChromium();

  test('the listener is accepted but never fires; TLS stays "not inspected", HSTS still comes from the header', async () => {
    const { tabId } = await env.load('secure.test');
    const main = (await tabState(env.session, tabId))!.main!;
    expect(main.tls).toBeUndefined();
    expect(main.tlsUnknown).toBe('not-inspected');
    expect((await getTab(env.session, tabId)).webRequestSecurityInfo).toBe('off');
    await expect.poll(async () => (await env.session.badge(tabId)).text).toBe('TLS');

    const hsts = await env.load('hsts.test');
    expect((await tabState(env.session, hsts.tabId))!.main!.headers).toEqual({
      hsts: { maxAge: 3600, includeSubDomains: false, preload: false },
      h3Offered: true,
    });
    // The test's own securityInfo listener was added without an error and saw nothing at all.
    expect((await recorded(env.session)).length).toBe(0);
  });

  test('an inspected certificate change to a new CA with a new key is "cert-changed" (new key), not "same key"', async () => {
    const first = await env.load('changed.test');
    expect(await inspect(env.session, first.tabId)).toMatchObject({ ok: true });
    const res = await fetch(`http://${env.sites.address}:${env.sites.ports.http}/__admin/rotate?host=changed.test`, { method: 'POST' });
    expect(res.ok).toBe(true);
    const second = await env.load('changed.test');
    expect(await inspect(env.session, second.tabId)).toMatchObject({ ok: true });
    const spki = async (tabId: number) => (await tabState(env.session, tabId))?.main?.tls?.certificates[0]?.spkiSha256;
    expect(await spki(second.tabId)).toBeTruthy();
    const { page } = await env.session.openPage(`${env.session.extensionBase}/privacy.html#events`);
    await page.waitForSelector('[data-ready="true"]', 20_000);
    await waitFor(
      'the cert-changed event',
      async () =>
        (
          await page.evaluate(
            () => (document.querySelector('.event-item[data-kind="cert-changed"]') as HTMLElement | null)?.innerText ?? '',
          )
        ).includes('changed.test')
          ? true
          : undefined,
      20_000,
    );
    expect(await page.evaluate(() => document.querySelectorAll('.event-item[data-kind="issuer-changed"]').length)).toBe(0);
    await page.close();
  });
});
