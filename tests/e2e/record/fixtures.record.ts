/**
 * Records what each engine really gives an extension about the matrix's sites
 * (tests/fixtures/matrix.mjs), for the adapters' unit tests (tests/unit/engines/recorded.test.ts):
 *   firefox.json               webRequest details + getSecurityInfo({ certificateChain, rawDER })
 *                              from a blocking onHeadersReceived; for an overridden error also
 *                              getSecurityInfo({ rawDER }) alone (the leaf; the chain comes back empty)
 *   chromium-webrequest.json   onResponseStarted / onErrorOccurred details (default settings)
 *   chromium-cdp.json          DevTools Network.responseReceived `response` (securityDetails…)
 *                              and Network.getCertificate, as Inspect sees them
 *   chromium-security-info.json  onHeadersReceived with ['securityInfo', 'securityInfoRawDer'],
 *                              --enable-features=WebRequestSecurityInfo (rawDER as base64)
 *   firefox-pages.json / chromium-pages.json  page cases (PAGE_CASES; a LAN page, and in Firefox a
 *                              page through a proxy, among them): every webRequest event of
 *                              the page's tab, in order (Firefox: each onHeadersReceived with its
 *                              getSecurityInfo answer), and what Onlooker's page probe
 *                              (/page-probe.js through scripting.executeScript, as
 *                              lib/page/inject.ts runs it) returned once the page had loaded
 * each with the date and the browser's version. Run: `npm run record-fixtures` (as root, after
 * the e2e build). The certificates are the throwaway test PKI's: nothing secret.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPki, DEFAULT_LEAVES } from '../../fixtures/ca.mjs';
import { MATRIX, MATRIX_LEAVES } from '../../fixtures/matrix.mjs';
import { DOH_HOST, LAN_PROXY_PORT } from '../../fixtures/sites.mjs';
import { REPO_ROOT, launch, startSites, waitFor, type BrowserName, type Session } from '../harness.ts';

const OUT = join(REPO_ROOT, 'tests/fixtures/engines/recorded');
/** The matrix cases recorded: one of each kind of connection (errors, TLS versions, keys, policies, HTTP/2, PQ, plain HTTP). */
const IDS = ['expired', 'overridden', 'tls12-cbc', 'http2', 'post-quantum', 'ecdsa-p384', 'no-subject', 'ev', 'hsts-preload', 'http-login'];
const RECORDED = MATRIX.filter((c) => IDS.includes(c.id));
/** Plus the plain TLS 1.3 and TLS 1.2 pages every other test uses. */
const EXTRA = [
  { id: 'tls13', host: 'secure.test', path: '/' },
  { id: 'tls12', host: 'tls12.test', path: '/' },
];
const pages = [...EXTRA, ...RECORDED.map((c) => ({ id: c.id, host: c.host, path: c.path ?? '/' }))];

/**
 * The page cases: whole pages, not one response. `loads` times, each in a new tab (not a reload,
 * which revalidates): `cached` is served with max-age=3600, so its second load is a cache hit.
 * `loopback`: served on 127.0.0.1 and named `localhost` (its port recorded as LOOPBACK_PORT).
 * `lan`: the sites' LAN address itself (http://192.168.77.N/, a router's admin page: no name to
 * look up, as such pages are usually opened). `proxy`: loaded in a second browser whose every
 * request goes through the sites' LAN proxy (sites.mjs), Firefox only: Chromium's webRequest
 * names no proxy, so its recording would show nothing a direct load does not. `privateDns`: loaded
 * in a second Firefox that looks names up only through DNS over HTTPS (TRR mode 3) at the sites'
 * own DoH resolver (sites.mjs, doh.mjs), for getSecurityInfo's usedPrivateDns; Firefox only, as
 * Chromium's webRequest says nothing of how a name was resolved.
 */
const PAGE_CASES: {
  id: string;
  host: string;
  path: string;
  loads: number;
  loopback?: true;
  lan?: true;
  proxy?: true;
  privateDns?: true;
}[] = [
  { id: 'cached', host: 'secure.test', path: '/cached', loads: 2 },
  { id: 'mixed', host: 'mixed.test', path: '/m/all', loads: 1 },
  { id: 'localhost-http', host: 'localhost', path: '/', loads: 1, loopback: true },
  { id: 'lan-http', host: '', path: '/', loads: 1, lan: true },
  { id: 'proxy', host: 'secure.test', path: '/', loads: 1, proxy: true },
  { id: 'private-dns', host: 'secure.test', path: '/', loads: 1, privateDns: true },
];
/** The page cases each engine records. */
const casesOf = (engine: BrowserName) => PAGE_CASES.filter((c) => engine === 'firefox' || !(c.proxy || c.privateDns));
/** Recordings name the LAN address 192.168.77.1 (the first one netns.mjs hands out). */
const LAN_ADDRESS = '192.168.77.1';
const LOOPBACK_PORT = 8080;
/** The webRequest events recorded in the page cases (all but onAuthRequired, which these pages never ask for). */
const EVENTS = [
  'onBeforeRequest',
  'onBeforeSendHeaders',
  'onSendHeaders',
  'onHeadersReceived',
  'onBeforeRedirect',
  'onResponseStarted',
  'onCompleted',
  'onErrorOccurred',
] as const;

declare const chrome: {
  scripting: { executeScript(injection: object): Promise<{ result?: unknown }[]> };
  webRequest: {
    onResponseStarted: { addListener(cb: (d: unknown) => void, filter: object, extra?: string[]): void };
    onErrorOccurred: { addListener(cb: (d: unknown) => void, filter: object): void };
    onHeadersReceived: { addListener(cb: (d: unknown) => void, filter: object, extra?: string[]): void };
  };
};
declare const browser: {
  scripting: { executeScript(injection: object): Promise<{ result?: unknown }[]> };
  webRequest: {
    onHeadersReceived: { addListener(cb: (d: { requestId: string }) => Promise<object>, filter: object, extra: string[]): void };
    onErrorOccurred: { addListener(cb: (d: unknown) => void, filter: object): void };
    getSecurityInfo(id: string, opts: object): Promise<{ certificates?: unknown[]; overridableErrorCategory?: string } | undefined>;
  };
};

const version = (browserName: BrowserName) =>
  execFileSync(browserName === 'chromium' ? '/usr/lib/chromium/chromium' : 'firefox-esr', ['--version'], { encoding: 'utf8' }).trim();

function write(file: string, browserName: BrowserName, how: string, recordings: Record<string, unknown>): void {
  mkdirSync(OUT, { recursive: true });
  const doc = { recorded: new Date().toISOString().slice(0, 10), browser: version(browserName), how, recordings };
  // Byte arrays (Firefox's rawDER) on one line each, not one line per byte.
  const text = JSON.stringify(doc, null, 1).replace(/\[\s*(\d+(?:,\s*\d+)*)\s*\]/g, (_, list: string) => `[${list.replace(/\s+/g, '')}]`);
  writeFileSync(join(OUT, file), `${text}\n`);
}

type Sites = Awaited<ReturnType<typeof startSites>>;
/**
 * Recordings name every site on port 8443 at 198.18.0.2, and the loopback server (if any) on
 * LOOPBACK_PORT: the real ports and address change from run to run.
 */
const portless = (sites: Sites, value: unknown, loopback?: Sites) => {
  let text = JSON.stringify(value);
  const port = (p: number | undefined, to: number) => {
    if (p) text = text.replace(new RegExp(`:${p}(?=[/"])`, 'g'), `:${to}`);
  };
  port(loopback?.ports.http, LOOPBACK_PORT);
  for (const p of Object.values(sites.ports)) port(p, 8443);
  if (sites.lanAddress) text = text.replaceAll(sites.lanAddress, LAN_ADDRESS);
  return JSON.parse(text.replaceAll(sites.address, '198.18.0.2')) as unknown;
};

/** One recorded webRequest event of a page case (Firefox's onHeadersReceived: with getSecurityInfo's answer). */
interface PageEvent {
  event: (typeof EVENTS)[number];
  details: { requestId: string; tabId: number; type: string; url: string };
  securityInfo?: unknown;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Records `cases` in `o`'s browser: every webRequest event of each load's tab, in order, then the
 * page probe's result. Returns them by case id, each load with its tab id.
 */
async function recordPageCases(
  o: { sites: Sites; session: Session },
  engine: BrowserName,
  cases: typeof PAGE_CASES,
): Promise<Record<string, unknown>> {
  const loopback = await startSites({ pki: o.sites.pki, network: 'loopback' });
  try {
    if (Object.values(o.sites.ports).includes(loopback.ports.http)) throw new Error('the loopback port is also a site port: run again');
    await o.session.evalInBackground(
      (arg: { events: readonly string[]; firefox: boolean }) => {
        type Listener = (d: { tabId: number; requestId: string }) => unknown;
        type Event = { addListener(cb: Listener, filter: object, extra?: string[]): void };
        const rec: { event: string; details: { tabId: number }; securityInfo?: unknown }[] = [];
        (globalThis as unknown as { pageRec: unknown[] }).pageRec = rec;
        const api = (arg.firefox ? browser.webRequest : chrome.webRequest) as unknown as Record<string, Event>;
        for (const event of arg.events) {
          // Firefox answers getSecurityInfo only inside a blocking onHeadersReceived.
          const ask = arg.firefox && event === 'onHeadersReceived';
          const extra = event === 'onResponseStarted' ? ['responseHeaders'] : ask ? ['blocking'] : undefined;
          const cb: Listener = (details) => {
            if (details.tabId < 0) return undefined;
            const entry: (typeof rec)[number] = { event, details };
            rec.push(entry);
            if (!ask) return undefined;
            return browser.webRequest.getSecurityInfo(details.requestId, { certificateChain: true, rawDER: true }).then(
              (info) => {
                entry.securityInfo = info ?? null;
                return {};
              },
              (err: unknown) => {
                entry.securityInfo = { threw: String(err) };
                return {};
              },
            );
          };
          const target = api[event]!;
          if (extra) target.addListener(cb, { urls: ['<all_urls>'] }, extra);
          else target.addListener(cb, { urls: ['<all_urls>'] });
        }
      },
      { events: EVENTS, firefox: engine === 'firefox' },
    );
    const ofTab = (tabId: number) =>
      o.session.evalInBackground(
        (id: number) => (globalThis as unknown as { pageRec: PageEvent[] }).pageRec.filter((e) => e.details.tabId === id),
        tabId,
      );
    const out: Record<string, unknown> = {};
    for (const c of cases) {
      const url = c.loopback
        ? `http://${c.host}:${loopback.ports.http}${c.path}`
        : c.lan
          ? `http://${o.sites.lanAddress}${c.path}`
          : o.sites.url(c.host, c.path);
      const loads: unknown[] = [];
      for (let n = 0; n < c.loads; n++) {
        const { tabId, page } = await o.session.openPage(url, { allowNavigationError: true });
        await waitFor(`the end of ${url}`, async () =>
          (await ofTab(tabId)).some((e) => e.details.type === 'main_frame' && /^on(Completed|ErrorOccurred)$/.test(e.event))
            ? true
            : undefined,
        );
        // Then until the tab has been quiet for a second: its subresources (and their failures) too.
        for (let count = -1; ; ) {
          const now = (await ofTab(tabId)).length;
          if (now === count) break;
          count = now;
          await sleep(1000);
        }
        const probe = await o.session.evalInBackground(
          async (arg: { tabId: number; firefox: boolean }) => {
            try {
              const injection = { target: { tabId: arg.tabId, frameIds: [0] }, files: ['/page-probe.js'] };
              const results = await (arg.firefox ? browser.scripting : chrome.scripting).executeScript(injection);
              return { result: results?.[0]?.result ?? null };
            } catch (err) {
              return { threw: String(err) };
            }
          },
          { tabId, firefox: engine === 'firefox' },
        );
        loads.push({ tabId, events: await ofTab(tabId), probe });
        await page.close();
      }
      out[c.id] = { url, loads };
    }
    return portless(o.sites, out, loopback) as Record<string, unknown>;
  } finally {
    await loopback.close();
  }
}

async function open(engine: BrowserName, chromiumArgs?: string[], lan = false): Promise<{ sites: Sites; session: Session }> {
  const pki = await createPki({ leaves: { ...DEFAULT_LEAVES, ...MATRIX_LEAVES, [DOH_HOST]: {} } });
  const sites = await startSites({ pki, matrix: true, lan });
  const session = await launchFor(engine, sites, chromiumArgs);
  return { sites, session };
}

/** A browser for `sites` (Firefox: with their overridden certificates, and `firefoxPrefs`). */
function launchFor(engine: BrowserName, sites: Sites, chromiumArgs?: string[], firefoxPrefs?: Record<string, unknown>): Promise<Session> {
  const pki = sites.pki;
  const overrides = MATRIX.filter((c) => c.firefoxOverride)
    .map((c) => `${c.host}:${sites.ports.https}:\tOID.2.16.840.1.101.3.4.2.1\t${pki.leaves.get(c.host)?.sha256}\t\t\n`)
    .join('');
  return launch(engine, {
    rootCA: pki.rootPath,
    sitesAddress: sites.address,
    ...(chromiumArgs ? { chromiumArgs } : {}),
    ...(firefoxPrefs ? { firefoxPrefs } : {}),
    ...(engine === 'firefox'
      ? { firefoxProfileFiles: { 'cert_override.txt': `# PSM Certificate Override Settings file\n${overrides}` } }
      : {}),
  });
}

/**
 * The harness maps every name to the sites' address with network.dns.forceResolve, and Firefox
 * applies that to IP literals too (http://192.168.77.1/ and a proxy at that address were
 * refused: the connection went to the sites' address). Cases that reach the LAN address run in
 * a Firefox of their own without it: the LAN page needs no name, and behind the proxy the proxy
 * looks the names up (its CONNECT goes to the sites' address).
 */
const UNMAPPED = { 'network.dns.forceResolve': '' };
/**
 * Firefox prefs that send every request through the sites' LAN proxy (manual settings,
 * the one proxy for HTTP and HTTPS): what a user or an administrator sets for a corporate proxy.
 */
const proxyPrefs = (sites: Sites) => ({
  ...UNMAPPED,
  'network.proxy.type': 1,
  'network.proxy.http': sites.lanAddress,
  'network.proxy.http_port': LAN_PROXY_PORT,
  'network.proxy.ssl': sites.lanAddress,
  'network.proxy.ssl_port': LAN_PROXY_PORT,
  'network.proxy.share_proxy_settings': true,
  'network.proxy.no_proxies_on': '',
});
/**
 * Firefox prefs for private DNS only through the sites' DoH resolver, with the harness's name
 * mapping cleared (it would answer before DoH is asked). mode 3: TRR only, never the system's
 * resolver, so a page that loads was resolved by DoH. bootstrapAddr: where doh.test is (it cannot
 * resolve its own name). allow-rfc1918: the sites' address must not be refused as a LAN answer
 * (Firefox's split-horizon protection). confirmationNS skip and skip-check-for-blocked-host: no
 * extra probes of names outside *.test, which the resolver refuses. The excluded domains are
 * Firefox's defaults, stated so that the recording does not depend on them: none covers *.test.
 */
const privateDnsPrefs = (sites: Sites) => ({
  ...UNMAPPED,
  'network.trr.mode': 3,
  'network.trr.uri': `https://${DOH_HOST}:${sites.ports.https}/dns-query`,
  'network.trr.bootstrapAddr': sites.address,
  'network.trr.allow-rfc1918': true,
  'network.trr.confirmationNS': 'skip',
  'network.trr.skip-check-for-blocked-host': true,
  'network.trr.excluded-domains': '',
  'network.trr.builtin-excluded-domains': 'localhost,local',
});
/** The prefs of the Firefox a page case needs apart from the others (none: the first browser). */
const firefoxPrefsOf = (c: (typeof PAGE_CASES)[number]): ((sites: Sites) => Record<string, unknown>) | undefined =>
  c.proxy ? proxyPrefs : c.privateDns ? privateDnsPrefs : c.lan ? unmappedPrefs : undefined;
/** One function, so that every LAN case shares one browser. */
const unmappedPrefs = () => UNMAPPED;

describe('record what the engines give (tests/fixtures/engines/recorded)', () => {
  /** Each browser opened, with its sites (`shared`: the sites are another browser's, closed with it). */
  const opened: { sites: Sites; session: Session; shared?: boolean }[] = [];
  afterAll(async () => {
    for (const o of opened) {
      await o.session.close();
      if (o.shared) continue;
      await o.sites.close();
      await o.sites.pki.dispose();
    }
  });
  beforeAll(() => undefined);

  test('Firefox: webRequest details and getSecurityInfo with rawDER', async () => {
    const o = await open('firefox');
    opened.push(o);
    await o.session.evalInBackground(() => {
      const rec: unknown[] = [];
      (globalThis as unknown as { rec: unknown[] }).rec = rec;
      browser.webRequest.onHeadersReceived.addListener(
        async (d) => {
          const securityInfo = await browser.webRequest.getSecurityInfo(d.requestId, { certificateChain: true, rawDER: true });
          // An overridden error gives an empty chain: the leaf comes with rawDER alone.
          const leafOnly =
            securityInfo?.overridableErrorCategory && !securityInfo.certificates?.length
              ? await browser.webRequest.getSecurityInfo(d.requestId, { rawDER: true })
              : undefined;
          rec.push({ details: d, securityInfo, ...(leafOnly ? { leafOnly } : {}) });
          return {};
        },
        { urls: ['<all_urls>'], types: ['main_frame'] },
        ['blocking', 'responseHeaders'],
      );
      browser.webRequest.onErrorOccurred.addListener((d) => rec.push({ error: d }), { urls: ['<all_urls>'], types: ['main_frame'] });
    });
    const out: Record<string, unknown> = {};
    for (const p of pages) {
      const url = o.sites.url(p.host, p.path);
      const { page } = await o.session.openPage(url, { allowNavigationError: true });
      out[p.id] = await waitFor(`the recording of ${url}`, () =>
        o.session.evalInBackground(
          (u: string) =>
            (globalThis as unknown as { rec: { details?: { url: string }; error?: { url: string } }[] }).rec.find(
              (r) => (r.details ?? r.error)?.url === u,
            ),
          url,
        ),
      );
      await page.close();
    }
    expect(Object.keys(out)).toHaveLength(pages.length);
    write(
      'firefox.json',
      'firefox',
      'blocking onHeadersReceived (main_frame): getSecurityInfo(requestId, { certificateChain: true, rawDER: true }); onErrorOccurred for blocked pages',
      portless(o.sites, out) as Record<string, unknown>,
    );
  });

  test('Chromium: webRequest details, and CDP securityDetails + getCertificate (what Inspect reads)', async () => {
    const o = await open('chromium');
    opened.push(o);
    await o.session.evalInBackground(() => {
      const rec: unknown[] = [];
      (globalThis as unknown as { rec: unknown[] }).rec = rec;
      const filter = { urls: ['<all_urls>'], types: ['main_frame'] };
      chrome.webRequest.onResponseStarted.addListener((d) => rec.push(d), filter, ['responseHeaders']);
      chrome.webRequest.onErrorOccurred.addListener((d) => rec.push(d), filter);
    });
    const webRequest: Record<string, unknown> = {};
    const cdp: Record<string, unknown> = {};
    const first = await o.session.openPage('about:blank');
    const ctx = (first.page.raw as PwPage).context();
    for (const p of pages) {
      const url = o.sites.url(p.host, p.path);
      const page = await ctx.newPage();
      const client = await ctx.newCDPSession(page);
      await client.send('Network.enable');
      let response: { url: string } | undefined;
      let failed: unknown;
      client.on('Network.responseReceived', (e) => {
        if (e.type === 'Document' && e.response.url === url) response = e.response;
      });
      client.on('Network.loadingFailed', (e) => {
        if (e.type === 'Document') failed = e;
      });
      await page.goto(url).catch(() => undefined);
      const certificate = response
        ? ((await client.send('Network.getCertificate', { origin: new URL(url).origin }).catch(() => undefined)) ?? null)
        : null;
      cdp[p.id] = response ? { response, certificate } : { loadingFailed: failed ?? null };
      webRequest[p.id] = await waitFor(`the webRequest event of ${url}`, () =>
        o.session.evalInBackground((u: string) => (globalThis as unknown as { rec: { url: string }[] }).rec.find((r) => r.url === u), url),
      );
      await page.close();
    }
    write(
      'chromium-webrequest.json',
      'chromium',
      'onResponseStarted (main_frame, responseHeaders) and onErrorOccurred, default settings',
      portless(o.sites, webRequest) as Record<string, unknown>,
    );
    write(
      'chromium-cdp.json',
      'chromium',
      'DevTools protocol on the page: Network.enable, load, Network.responseReceived (Document) `response`, Network.getCertificate({ origin }); loadingFailed for blocked pages',
      portless(o.sites, cdp) as Record<string, unknown>,
    );
  });

  test('Chromium with WebRequestSecurityInfo: securityInfo with the leaf DER', async () => {
    const o = await open('chromium', ['--enable-features=WebRequestSecurityInfo']);
    opened.push(o);
    await o.session.evalInBackground(() => {
      const rec: unknown[] = [];
      (globalThis as unknown as { rec: unknown[] }).rec = rec;
      chrome.webRequest.onHeadersReceived.addListener(
        (d) => {
          const info = (d as { securityInfo?: { certificates?: { rawDER?: ArrayBuffer }[] } }).securityInfo;
          // JSON cannot hold an ArrayBuffer: the DER as base64.
          for (const c of info?.certificates ?? [])
            if (c.rawDER) (c as { rawDER: unknown }).rawDER = btoa(String.fromCharCode(...new Uint8Array(c.rawDER)));
          rec.push(d);
        },
        { urls: ['<all_urls>'], types: ['main_frame'] },
        ['securityInfo', 'securityInfoRawDer'],
      );
    });
    const out: Record<string, unknown> = {};
    for (const p of pages.filter((x) => !['expired', 'overridden'].includes(x.id))) {
      const url = o.sites.url(p.host, p.path);
      const { page } = await o.session.openPage(url, { allowNavigationError: true });
      out[p.id] = await waitFor(`the securityInfo of ${url}`, () =>
        o.session.evalInBackground((u: string) => (globalThis as unknown as { rec: { url: string }[] }).rec.find((r) => r.url === u), url),
      );
      await page.close();
    }
    write(
      'chromium-security-info.json',
      'chromium',
      "onHeadersReceived (main_frame) with ['securityInfo', 'securityInfoRawDer'], --enable-features=WebRequestSecurityInfo; rawDER: the ArrayBuffer as base64",
      portless(o.sites, out) as Record<string, unknown>,
    );
  });

  /** How each engine's page cases were recorded (the `how` of its file). */
  const PAGES_HOW: Record<BrowserName, string> = {
    firefox:
      "every webRequest event (but onAuthRequired) of the page's tab, in order; onHeadersReceived blocking, with getSecurityInfo(requestId, { certificateChain: true, rawDER: true }) as securityInfo; then scripting.executeScript({ target: { tabId, frameIds: [0] }, files: ['/page-probe.js'] }) as probe. Each load in a new tab. lan-http and proxy: each in a Firefox of its own without network.dns.forceResolve; proxy with network.proxy.type 1, http and ssl proxy 192.168.77.1:3128 (the sites' LAN proxy). private-dns: with network.trr.mode 3, network.trr.uri https://doh.test:8443/dns-query (the sites' DoH resolver, which answers only *.test), network.trr.bootstrapAddr 198.18.0.2, network.trr.allow-rfc1918 true, network.trr.confirmationNS skip.",
    chromium:
      "every webRequest event (but onAuthRequired) of the page's tab, in order, default settings (onResponseStarted with responseHeaders); then scripting.executeScript({ target: { tabId, frameIds: [0] }, files: ['/page-probe.js'] }) as probe. Each load in a new tab.",
  };
  for (const engine of ['firefox', 'chromium'] as const) {
    test(`${engine} page cases: every webRequest event of the tab, and the page probe`, async () => {
      const o = await open(engine, undefined, true);
      opened.push(o);
      const out: Record<string, unknown> = {};
      // Cases grouped by the browser they need, in order of first need.
      const groups = new Map<ReturnType<typeof firefoxPrefsOf>, typeof PAGE_CASES>();
      for (const c of casesOf(engine)) {
        const key = engine === 'firefox' ? firefoxPrefsOf(c) : undefined;
        groups.set(key, [...(groups.get(key) ?? []), c]);
      }
      for (const [browserPrefs, cases] of groups) {
        let session = o.session;
        if (browserPrefs) {
          session = await launchFor(engine, o.sites, undefined, browserPrefs(o.sites));
          opened.push({ sites: o.sites, session, shared: true });
        }
        Object.assign(out, await recordPageCases({ sites: o.sites, session }, engine, cases));
      }
      // The proxy really carried the proxied cases: their recording is not of direct loads.
      for (const c of casesOf(engine).filter((x) => x.proxy))
        expect(o.sites.proxyLog).toContain(`CONNECT ${c.host}:${o.sites.ports.https}`);
      // The private-DNS cases were resolved by the sites' DoH resolver (no other Firefox asks it),
      // and Firefox says so on the page's response.
      for (const c of casesOf(engine).filter((x) => x.privateDns)) {
        expect(o.sites.dohLog).toContain(`A ${c.host}`);
        const loads = (out[c.id] as { loads: { events: (PageEvent & { securityInfo?: { usedPrivateDns?: boolean } })[] }[] }).loads;
        const main = loads[0]?.events.find((e) => e.event === 'onHeadersReceived' && e.details.type === 'main_frame');
        expect(main?.securityInfo?.usedPrivateDns).toBe(true);
      }
      expect(Object.keys(out)).toEqual(casesOf(engine).map((c) => c.id));
      write(`${engine}-pages.json`, engine, PAGES_HOW[engine], out);
    });
  }
});
