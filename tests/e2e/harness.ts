/**
 * One interface over two real browsers, for Onlooker's e2e tests.
 *
 * Why: the extension must behave the same in Chromium and Firefox, but the drivers differ
 * (playwright-core over CDP for Chromium, puppeteer-core over WebDriver BiDi for Firefox) and
 * so do the ways in: Chromium has a service worker we can evaluate in; Firefox's event page is
 * not reachable, so there we evaluate in an extension page (moz-extension://UUID/popup.html?harness),
 * which has the same `browser.*`/`chrome.*` APIs and shares storage and badge state.
 * Code passed to evalInBackground should use `chrome.*`: it exists and returns promises in MV3
 * on both engines.
 *
 * Each session gets a throwaway HOME and profile whose NSS database trusts the test root CA
 * (certutil; never --ignore-certificate-errors), maps *.test to the sites' address (their
 * network namespace's, which Onlooker judges "public"; see tests/fixtures/netns.mjs) and
 * LOOPBACK_HOST to 127.0.0.1 (for the "local" verdict), loads a copy of the built extension
 * (.output-e2e/chrome-mv3 or .output-e2e/firefox-mv3, built with ONLOOKER_E2E=1) and deletes
 * everything on close().
 *
 * launchBrowser() is the part without the extension-specific wiring (a browser with the CA
 * trusted and the names mapped, optionally an extension loaded): bench/pageload.bench.ts uses it
 * to compare no extension, Onlooker and other extensions on the same terms.
 */
import { chromium, type BrowserContext, type CDPSession, type Page as PwPage } from 'playwright-core';
import puppeteer, { type Browser as PpBrowser, type Page as PpPage } from 'puppeteer-core';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { requireSystemDeps } from './system-deps.mjs';

export { startSites } from '../fixtures/sites.mjs';

export type BrowserName = 'chromium' | 'firefox';
export const BROWSERS: BrowserName[] = ['chromium', 'firefox'];

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const GECKO_ID = 'onlooker@onlooker.test';
/** Pinned so Firefox extension pages live at a known moz-extension://FIREFOX_UUID/ address. */
export const FIREFOX_UUID = '0d1e2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
/**
 * The one *.test name every browser resolves to 127.0.0.1, whatever `sitesAddress` is: for a
 * site on this computer (startSites({ network: 'loopback' })), judged "local" as a developer's
 * own site is, by the IP the browser connected to.
 */
export const LOOPBACK_HOST = 'loopback.test';

const run = promisify(execFile);

/** Session homes not yet closed: removed when the process exits, even after a crash or timeout. */
const openHomes = new Set<string>();
/** Profiles on a small disk of their own (LaunchOptions.profileDiskMiB), by HOME. */
const smallDisks = new Map<string, string>();
process.once('exit', () => {
  for (const mount of smallDisks.values()) spawnSync('umount', ['--lazy', mount]);
  for (const home of openHomes) rmSync(home, { recursive: true, force: true });
});
const removeHome = async (home: string) => {
  openHomes.delete(home);
  const mount = smallDisks.get(home);
  if (mount) {
    smallDisks.delete(home);
    await run('umount', ['--lazy', mount]).catch(() => {});
  }
  await rm(home, { recursive: true, force: true, maxRetries: 3 });
};

/**
 * Puts the profile directory on a tmpfs of `mib` MiB, so a test can fill it and the browser
 * meets a really full disk. Needs root (as the test network namespace does); says so otherwise.
 */
async function mountSmallDisk(home: string, mib: number): Promise<void> {
  const profile = join(home, 'profile');
  await mkdir(profile, { recursive: true });
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${mib}m,mode=0700`, 'onlooker-small-disk', profile]);
  } catch (err) {
    throw new Error(`A profile on a small disk needs root to mount a tmpfs (${(err as Error).message.trim()})`);
  }
  smallDisks.set(home, profile);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns something other than undefined, or throws `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** The few page operations tests need, the same on both engines. `raw` is the driver's own page. */
export interface TestPage {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  url(): string;
  title(): Promise<string>;
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Resolves once `selector` matches an element. */
  waitForSelector(selector: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  raw: PwPage | PpPage;
}

export interface Badge {
  text: string;
  /** [r, g, b, a], 0–255, as action.getBadgeBackgroundColor returns it. */
  color: [number, number, number, number];
  title: string;
}

export interface Popup {
  page: TestPage;
  /** document.body.innerText of the rendered popup. */
  text(): Promise<string>;
  close(): Promise<void>;
}

export interface OpenPageOptions {
  /** Resolve even if the navigation fails (certificate errors…); the error text is returned. */
  allowNavigationError?: boolean;
}

export interface Session {
  browser: BrowserName;
  /** chrome-extension://ID or moz-extension://FIREFOX_UUID (no trailing slash). */
  extensionBase: string;
  /** The browser profile's directory (on a disk of its own with LaunchOptions.profileDiskMiB). */
  profileDir: string;
  /** Opens `url` in a new tab; the tab id is the one the extension sees (browser.tabs). */
  openPage(url: string, options?: OpenPageOptions): Promise<{ tabId: number; page: TestPage; error?: string }>;
  /**
   * Runs `fn(arg)` (or an expression string) in an extension context and returns its result.
   * Chromium: the service worker (started first if stopped). Firefox: the extension page
   * moz-extension://UUID/popup.html?harness. Use `chrome.*` inside.
   */
  evalInBackground<R, A = undefined>(fn: ((arg: A) => R | Promise<R>) | string, arg?: A): Promise<R>;
  badge(tabId: number): Promise<Badge>;
  /** Opens popup.html?tab=<tabId> in a tab and waits for `[data-ready="true"]`. */
  openPopup(tabId: number): Promise<Popup>;
  /**
   * Chromium only: stops the extension's service worker and resolves once it is stopped.
   * The next event the background listens to starts it again (see waitForServiceWorker);
   * evalInBackground/badge/openPage also start it, as they evaluate in it.
   */
  restartServiceWorker(): Promise<void>;
  /** Chromium only: stops the service worker if it is running now (no wait for a start). */
  stopServiceWorker(): Promise<void>;
  /** Chromium only: resolves once the service worker is running. */
  waitForServiceWorker(timeoutMs?: number): Promise<void>;
  /** Chromium only: whether the service worker is running now. */
  serviceWorkerRunning(): boolean;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** PEM file of the root CA to trust (sites.pki.rootPath). */
  rootCA: string;
  /** Where *.test names resolve: sites.address. */
  sitesAddress: string;
  /** Unpacked extension; default .output-e2e/chrome-mv3 or .output-e2e/firefox-mv3. */
  extensionDir?: string;
  /** Firefox only: prefs on top of the harness's (e.g. a short event-page idle timeout). */
  firefoxPrefs?: Record<string, unknown>;
  /**
   * Chromium only: extra switches for this launch (e.g. `--enable-features=WebRequestSecurityInfo`).
   * Suites run with the browser's defaults; use this only where a test is about a switch.
   */
  chromiumArgs?: string[];
  /**
   * Firefox only: files written into the profile before launch, by name (e.g. a real
   * `cert_override.txt`: a certificate error the user overrode, as Firefox itself stores it).
   */
  firefoxProfileFiles?: Record<string, string>;
  /** The profile on a disk of its own of this many MiB, which a test can fill (fillDisk). */
  profileDiskMiB?: number;
}

const BUILD_HINT = 'Build it first: ONLOOKER_E2E=1 npx wxt build && ONLOOKER_E2E=1 npx wxt build -b firefox --mv3';

export function defaultExtensionDir(browser: BrowserName): string {
  return join(REPO_ROOT, '.output-e2e', browser === 'chromium' ? 'chrome-mv3' : 'firefox-mv3');
}

/** Makes an NSS database in `dir` that trusts `rootCA` for TLS servers. */
async function trustRoot(certutil: string, dir: string, rootCA: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await run(certutil, ['-d', `sql:${dir}`, '-N', '--empty-password']);
  await run(certutil, ['-d', `sql:${dir}`, '-A', '-t', 'C,,', '-n', 'Onlooker Test Root CA', '-i', rootCA]);
}

export async function launch(browser: BrowserName, options: LaunchOptions): Promise<Session> {
  const extensionDir = resolve(options.extensionDir ?? defaultExtensionDir(browser));
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}. ${BUILD_HINT}`);
  }
  const bare = await launchBrowser(browser, {
    rootCA: options.rootCA,
    sitesAddress: options.sitesAddress,
    extensionDir,
    ...(options.firefoxPrefs ? { firefoxPrefs: options.firefoxPrefs } : {}),
    ...(options.chromiumArgs ? { chromiumArgs: options.chromiumArgs } : {}),
    ...(options.firefoxProfileFiles ? { firefoxProfileFiles: options.firefoxProfileFiles } : {}),
    ...(options.profileDiskMiB ? { profileDiskMiB: options.profileDiskMiB } : {}),
  });
  try {
    return bare.name === 'chromium' ? await chromiumSession(bare, extensionDir) : await firefoxSession(bare);
  } catch (err) {
    await bare.close();
    throw err;
  }
}

/** A launched browser before any extension-specific wiring: what launch() and the benches share. */
export type BareBrowser =
  | { name: 'chromium'; context: BrowserContext; home: string; close(): Promise<void> }
  | { name: 'firefox'; browser: PpBrowser; home: string; /** The installed add-on's id. */ addonId?: string; close(): Promise<void> };

export interface BareLaunchOptions {
  /** PEM file of the root CA to trust (sites.pki.rootPath). */
  rootCA: string;
  /** Where *.test names (LOOPBACK_HOST aside) resolve: sites.address. */
  sitesAddress: string;
  /** Unpacked extension to load (a private copy is loaded); none when omitted. */
  extensionDir?: string;
  /** Extra Chromium command-line switches. */
  chromiumArgs?: string[];
  /** Extra Firefox prefs, over FIREFOX_PREFS. */
  firefoxPrefs?: Record<string, unknown>;
  /** Files written into the Firefox profile before launch (LaunchOptions.firefoxProfileFiles). */
  firefoxProfileFiles?: Record<string, string>;
  /** LaunchOptions.profileDiskMiB. */
  profileDiskMiB?: number;
}

/**
 * Launches a real browser in a throwaway HOME/profile that trusts `rootCA`, maps *.test to
 * `sitesAddress` (LOOPBACK_HOST to 127.0.0.1) and (if given) loads the extension: Chromium by
 * --load-extension, Firefox by a temporary add-on install. close() ends the browser and deletes
 * the HOME.
 */
export async function launchBrowser(browser: BrowserName, options: BareLaunchOptions): Promise<BareBrowser> {
  const deps = requireSystemDeps([browser, 'certutil']);
  const home = await mkdtemp(join(tmpdir(), `onlooker-${browser}-`));
  openHomes.add(home);
  try {
    if (options.profileDiskMiB) await mountSmallDisk(home, options.profileDiskMiB);
    let copy: string | undefined;
    if (options.extensionDir) {
      // Load a private copy: browsers read unpacked extensions from disk all session long (a
      // restarted worker reloads its script), and a rebuild meanwhile would pull it away.
      copy = join(home, 'extension');
      await cp(resolve(options.extensionDir), copy, { recursive: true });
    }
    return browser === 'chromium'
      ? await launchChromium(deps[browser], deps.certutil, home, copy, options)
      : await launchFirefox(deps[browser], deps.certutil, home, copy, options);
  } catch (err) {
    await removeHome(home);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Chromium: playwright-core, persistent context, extension service worker

function wrapPlaywright(page: PwPage): TestPage {
  return {
    raw: page,
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    url: () => page.url(),
    title: () => page.title(),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    waitForSelector: async (selector, timeoutMs = 10_000) => void (await page.waitForSelector(selector, { timeout: timeoutMs })),
    close: () => page.close(),
  };
}

async function launchChromium(
  executablePath: string,
  certutil: string,
  home: string,
  extensionDir: string | undefined,
  options: BareLaunchOptions,
): Promise<BareBrowser> {
  await trustRoot(certutil, join(home, '.pki', 'nssdb'), options.rootCA);
  const context: BrowserContext = await chromium.launchPersistentContext(join(home, 'profile'), {
    executablePath,
    headless: true,
    // Playwright turns Chromium's back-forward cache off; users have it on, and Back then
    // restores a document under its old documentId (navigation.e2e.ts).
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
    env: { ...process.env, HOME: home },
    args: [
      ...(extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : []),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // The first rule that matches applies.
      `--host-resolver-rules=MAP ${LOOPBACK_HOST} 127.0.0.1, MAP *.test ${options.sitesAddress}`,
      ...(options.chromiumArgs ?? []),
    ],
  });
  return {
    name: 'chromium',
    context,
    home,
    async close() {
      await context.close().catch(() => {});
      await removeHome(home);
    },
  };
}

async function chromiumSession(bare: Extract<BareBrowser, { name: 'chromium' }>, extensionDir: string): Promise<Session> {
  const ctx = bare.context;
  const first =
    ctx.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    (await ctx
      .waitForEvent('serviceworker', {
        predicate: (w) => w.url().startsWith('chrome-extension://'),
        timeout: 15_000,
      })
      .catch(() => {
        throw new Error(`The extension's service worker did not start (${extensionDir}). Is the build broken? ${BUILD_HINT}`);
      }));
  const extensionBase = `chrome-extension://${new URL(first.url()).host}`;

  // A CDP session on a blank control tab watches and stops/starts the worker (ServiceWorker domain).
  const control = ctx.pages()[0] ?? (await ctx.newPage());
  const cdp: CDPSession = await ctx.newCDPSession(control);
  const status = new Map<string, string>(); // versionId → runningStatus, for our worker only
  // Times a running worker left 'running': a stop is seen even when the next event starts the
  // worker again before a poll could find it stopped (seen under load: a 10 s wait timed out).
  let stopsSeen = 0;
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) {
      if (!v.scriptURL.startsWith(extensionBase)) continue;
      if (status.get(v.versionId) === 'running' && v.runningStatus !== 'running') stopsSeen += 1;
      status.set(v.versionId, v.runningStatus);
    }
  });
  await cdp.send('ServiceWorker.enable');
  const running = () => [...status.values()].includes('running');
  const waitForServiceWorker = (timeoutMs = 10_000) =>
    waitFor('the service worker to run', async () => (running() ? true : undefined), timeoutMs).then(() => {});

  const worker = async () => {
    if (!running()) {
      await cdp.send('ServiceWorker.startWorker', { scopeURL: `${extensionBase}/` });
      await waitForServiceWorker();
    }
    return waitFor('the service worker target', async () =>
      ctx
        .serviceWorkers()
        .filter((w) => w.url().startsWith(extensionBase))
        .at(-1),
    );
  };

  const session: Session = {
    browser: 'chromium',
    extensionBase,
    profileDir: join(bare.home, 'profile'),
    async evalInBackground(fn, arg) {
      try {
        return await (await worker()).evaluate(fn as never, arg);
      } catch (err) {
        // The worker may have stopped between the check and the call: one retry.
        if (!/closed|destroyed|detached/i.test(String(err))) throw err;
        return (await worker()).evaluate(fn as never, arg);
      }
    },
    openPage: (url, opts) => openPage(session, () => ctx.newPage().then(wrapPlaywright), url, opts),
    badge: (tabId) => readBadge(session, tabId),
    openPopup: (tabId) => openPopup(session, () => ctx.newPage().then(wrapPlaywright), tabId),
    async stopServiceWorker() {
      const before = stopsSeen;
      let asked = false;
      for (const [versionId, s] of status) {
        if (s !== 'running') continue;
        await cdp.send('ServiceWorker.stopWorker', { versionId });
        asked = true;
      }
      if (asked) await waitFor('the service worker to stop', async () => (stopsSeen > before ? true : undefined));
    },
    async restartServiceWorker() {
      await waitForServiceWorker();
      await session.stopServiceWorker();
    },
    waitForServiceWorker,
    serviceWorkerRunning: running,
    close: () => bare.close(),
  };
  await waitForServiceWorker();
  return session;
}

// ---------------------------------------------------------------------------------------------
// Firefox: puppeteer-core over WebDriver BiDi, temporary add-on install, pinned UUID

export const FIREFOX_PREFS: Record<string, unknown> = {
  // No DNS-over-HTTPS. Names are mapped per launch (firefoxNames).
  'network.trr.mode': 5,
  // No HTTPS-First / HTTPS-Only upgrades of the plain-HTTP test pages.
  'dom.security.https_first': false,
  'dom.security.https_first_pbm': false,
  'dom.security.https_first_schemeless': false,
  'dom.security.https_only_mode': false,
  'dom.security.https_only_mode_pbm': false,
  // First-run and background noise.
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.aboutwelcome.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.normandy.enabled': false,
  'app.update.enabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  // Pinned extension UUID → known moz-extension:// address.
  'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
};

function wrapPuppeteer(page: PpPage): TestPage {
  return {
    raw: page,
    async goto(url) {
      if (url.startsWith('moz-extension://')) {
        // BiDi never reports this navigation as done: start it, then watch the document. While
        // the document is swapped, Firefox's BiDi can lose the realm under a poll ("right-hand
        // side of 'in' should be an object, got null"): a driver race, so poll again.
        page.goto(url).catch(() => {});
        const end = Date.now() + 10_000;
        for (;;) {
          try {
            await page.waitForFunction(
              (u: string) => location.href === u && document.readyState === 'complete',
              { timeout: Math.max(1, end - Date.now()) },
              url,
            );
            break;
          } catch (error) {
            const text = `${String(error)} ${String((error as Error).cause ?? '')}`;
            if (!/right-hand side of 'in'|realm|context.*(destroyed|discarded)/i.test(text) || Date.now() > end) throw error;
            await sleep(100);
          }
        }
      } else {
        await page.goto(url);
      }
    },
    reload: async () => void (await page.reload()),
    url: () => page.url(),
    title: () => page.title(),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    waitForSelector: async (selector, timeoutMs = 10_000) => void (await page.waitForSelector(selector, { timeout: timeoutMs })),
    close: () => page.close(),
  };
}

/**
 * Every name resolves to `sitesAddress` (forceResolve), except LOOPBACK_HOST: localDomains makes
 * it "localhost", which forceResolve leaves alone.
 */
const firefoxNames = (sitesAddress: string) => ({
  'network.dns.forceResolve': sitesAddress,
  'network.dns.localDomains': LOOPBACK_HOST,
});

async function launchFirefox(
  executablePath: string,
  certutil: string,
  home: string,
  extensionDir: string | undefined,
  options: BareLaunchOptions,
): Promise<BareBrowser> {
  const profile = join(home, 'profile');
  await trustRoot(certutil, profile, options.rootCA);
  for (const [name, text] of Object.entries(options.firefoxProfileFiles ?? {})) await writeFile(join(profile, basename(name)), text);
  const browser: PpBrowser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    userDataDir: profile,
    env: { ...process.env, HOME: home },
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { ...FIREFOX_PREFS, ...firefoxNames(options.sitesAddress), ...options.firefoxPrefs },
  });
  const close = async () => {
    await browser.close().catch(() => {});
    await removeHome(home);
  };
  try {
    const addonId = extensionDir ? await browser.installExtension(extensionDir) : undefined;
    return { name: 'firefox', browser, home, addonId, close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function firefoxSession(bare: Extract<BareBrowser, { name: 'firefox' }>): Promise<Session> {
  const browser = bare.browser;
  if (bare.addonId !== GECKO_ID) throw new Error(`Installed add-on id is ${bare.addonId}, expected ${GECKO_ID} (manifest gecko id)`);
  const extensionBase = `moz-extension://${FIREFOX_UUID}`;
  const evalPage = wrapPuppeteer(await browser.newPage());
  await evalPage.goto(`${extensionBase}/popup.html?harness`);
  const newPage = async () => wrapPuppeteer(await browser.newPage());
  const chromiumOnly = async (): Promise<never> => {
    throw new Error('Firefox runs the background as an event page the harness cannot stop: Chromium only');
  };

  const session: Session = {
    browser: 'firefox',
    extensionBase,
    profileDir: join(bare.home, 'profile'),
    evalInBackground: (fn, arg) => (typeof fn === 'string' ? (evalPage.raw as PpPage).evaluate(fn) : evalPage.evaluate(fn, arg)) as never,
    openPage: (url, opts) => openPage(session, newPage, url, opts),
    badge: (tabId) => readBadge(session, tabId),
    openPopup: (tabId) => openPopup(session, newPage, tabId),
    restartServiceWorker: chromiumOnly,
    stopServiceWorker: chromiumOnly,
    waitForServiceWorker: chromiumOnly,
    serviceWorkerRunning: () => false,
    close: () => bare.close(),
  };
  return session;
}

// ---------------------------------------------------------------------------------------------
// Shared: tabs, badge, popup — all through the extension's own view of the browser

type TabInfo = { id: number; url: string };

const listTabs = (session: Session) =>
  session.evalInBackground(async () =>
    (await chrome.tabs.query({})).map((t) => ({ id: t.id ?? -1, url: t.url ?? t.pendingUrl ?? '' })),
  ) as Promise<TabInfo[]>;

async function openPage(
  session: Session,
  newPage: () => Promise<TestPage>,
  url: string,
  opts: OpenPageOptions = {},
): Promise<{ tabId: number; page: TestPage; error?: string }> {
  const before = new Set((await listTabs(session)).map((t) => t.id));
  const page = await newPage();
  let error: string | undefined;
  try {
    await page.goto(url);
  } catch (err) {
    if (!opts.allowNavigationError) throw err;
    error = String(err instanceof Error ? err.message : err);
  }
  // The new tab is the one the extension did not know before; if several appeared, match the URL.
  const tabId = await waitFor(`the tab of ${url}`, async () => {
    const fresh = (await listTabs(session)).filter((t) => !before.has(t.id));
    if (fresh.length === 1) return fresh[0]!.id;
    return fresh.find((t) => t.url === page.url() || t.url === url)?.id;
  });
  return { tabId, page, error };
}

async function readBadge(session: Session, tabId: number): Promise<Badge> {
  return session.evalInBackground(
    async (id: number) => ({
      text: await chrome.action.getBadgeText({ tabId: id }),
      color: (await chrome.action.getBadgeBackgroundColor({ tabId: id })) as [number, number, number, number],
      title: await chrome.action.getTitle({ tabId: id }),
    }),
    tabId,
  );
}

async function openPopup(session: Session, newPage: () => Promise<TestPage>, tabId: number): Promise<Popup> {
  const page = await newPage();
  await page.goto(`${session.extensionBase}/popup.html?tab=${tabId}`);
  try {
    await page.waitForSelector('[data-ready="true"]', 15_000);
  } catch (err) {
    const text = await page.evaluate(() => document.body?.innerText ?? '').catch(() => '');
    await page.close().catch(() => {});
    throw new Error(`The popup for tab ${tabId} never set data-ready="true" (contract). It showed: ${JSON.stringify(text.slice(0, 300))}`, {
      cause: err,
    });
  }
  return {
    page,
    text: () => page.evaluate(() => document.body.innerText),
    close: () => page.close(),
  };
}
