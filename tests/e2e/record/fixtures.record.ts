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

declare const chrome: {
  webRequest: {
    onResponseStarted: { addListener(cb: (d: unknown) => void, filter: object, extra?: string[]): void };
    onErrorOccurred: { addListener(cb: (d: unknown) => void, filter: object): void };
    onHeadersReceived: { addListener(cb: (d: unknown) => void, filter: object, extra?: string[]): void };
  };
};
declare const browser: {
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
/** Recordings name every site on port 8443 at 198.18.0.2: the real port and address change from run to run. */
const portless = (sites: Sites, value: unknown) => {
  let text = JSON.stringify(value);
  for (const port of Object.values(sites.ports)) if (port) text = text.replace(new RegExp(`:${port}(?=[/"])`, 'g'), ':8443');
  return JSON.parse(text.replaceAll(sites.address, '198.18.0.2')) as unknown;
};

async function open(engine: BrowserName, chromiumArgs?: string[]): Promise<{ sites: Sites; session: Session }> {
  const pki = await createPki({ leaves: { ...DEFAULT_LEAVES, ...MATRIX_LEAVES } });
  const sites = await startSites({ pki, matrix: true });
  const overrides = MATRIX.filter((c) => c.firefoxOverride)
    .map((c) => `${c.host}:${sites.ports.https}:\tOID.2.16.840.1.101.3.4.2.1\t${pki.leaves.get(c.host)?.sha256}\t\t\n`)
    .join('');
  const session = await launch(engine, {
    rootCA: pki.rootPath,
    sitesAddress: sites.address,
    ...(chromiumArgs ? { chromiumArgs } : {}),
    ...(engine === 'firefox'
      ? { firefoxProfileFiles: { 'cert_override.txt': `# PSM Certificate Override Settings file\n${overrides}` } }
      : {}),
  });
  return { sites, session };
}

describe('record what the engines give (tests/fixtures/engines/recorded)', () => {
  const opened: { sites: Sites; session: Session }[] = [];
  afterAll(async () => {
    for (const o of opened) {
      await o.session.close();
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
});
