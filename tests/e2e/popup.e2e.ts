/**
 * The popup end to end, in real Chromium and Firefox with the built extension, against the
 * local *.test sites: what a person sees for an HTTPS page, a plain-HTTP page, mixed content
 * and a certificate full of hostile names; Chromium's "Inspect" through the popup's own
 * buttons; and axe-core finding no accessibility violations in light and dark mode.
 *
 * Default settings: the sites live on a public-looking address (their own network namespace,
 * tests/fixtures/netns.mjs), so the verdicts are those a user sees for internet sites (Firefox
 * says "unusual root" for the test CA, which it did not ship: true, and what interception looks like).
 */
import axe from 'axe-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPki, issueHostileLeaf } from '../fixtures/ca.mjs';
import { CT_LOGS, CT_LOG_LIST_DATE, CT_LOG_OPERATORS } from '../../lib/cert/ct-log-list.ts';
import { BROWSERS, REPO_ROOT, launch, startSites, waitFor, type BrowserName, type Popup, type Session, type TestPage } from './harness.ts';
import { responseState, tabState } from './state.ts';

type Sites = Awaited<ReturnType<typeof startSites>>;
type Pki = Awaited<ReturnType<typeof createPki>>;
type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

const messages = JSON.parse(readFileSync(join(REPO_ROOT, 'public/_locales/en/messages.json'), 'utf8')) as Messages;
/** The English text of a message, as the popup shows it (placeholders filled in order). */
function en(key: string, ...subs: string[]): string {
  const m = messages[key];
  if (!m) throw new Error(`no message ${key}`);
  return m.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
    const content = m.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (__, n: string) => subs[Number(n) - 1] ?? '');
  });
}

/**
 * The SCTs embedded in sct.test's certificate: two with the ids of logs in the bundled snapshot
 * (Google Argon2026h2, Let's Encrypt Sycamore2026h2 — the test CA only borrows their ids, the
 * signatures are dummies: Onlooker names logs, it never verifies SCTs) and one from a test log
 * the snapshot cannot know.
 */
const KNOWN_SCT_LOGS = ['1219ENGn9XfCx+lf1wC/+YLJM1pl4dCzAXMXwMjFaXc=', 'bP5QGUOoXqkWvFLRM+TcyR7xQRx9JYQg0XOAnhgY6zo='];
const UNKNOWN_SCT_LOG = Buffer.alloc(32, 0x5a).toString('base64');
const SCTS = [...KNOWN_SCT_LOGS, UNKNOWN_SCT_LOG];

const HOSTILE_ORG = 'Evil\u202EOrg <b>bold</b>';
const HOSTILE_MARKUP = '<img src=x onerror=alert(1)><script>alert(2)</script>\u202Egnp.exe ';

/**
 * Hostile certificates, as large as each browser still loads. Chromium takes a 64 KB common
 * name, or 3000 SANs, but not both in one certificate (ERR_SSL_PROTOCOL_ERROR near 100 KB), so
 * it gets two hosts. Firefox refuses certificates beyond roughly 30 KB before any extension
 * sees them (SEC_ERROR_BAD_DER): there the names are as large as it accepts. The unit tests
 * render 64 KB names and 3000 SANs for both engines' data shapes.
 */
const HOSTILE: Record<BrowserName, { host: string; cnPadding: number; sans: number }[]> = {
  chromium: [
    { host: 'hostile.test', cnPadding: 65536, sans: 1000 },
    { host: 'many-sans.hostile.test', cnPadding: 0, sans: 3000 },
  ],
  firefox: [{ host: 'hostile.test', cnPadding: 2000, sans: 1000 }],
};

declare const chrome: {
  storage: { session: { get(key: string): Promise<Record<string, unknown>> } };
  tabs: { get(id: number): Promise<{ url?: string; pendingUrl?: string }> };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};

/**
 * Opens the popup and waits until everything, the parsed chain included, is rendered.
 * Firefox's WebDriver BiDi now and then loses the realm while the harness polls a
 * moz-extension navigation ("right-hand side of 'in' should be an object, got null"): that
 * driver race, and only that, gets one retry.
 */
async function completePopup(session: Session, tabId: number): Promise<Popup> {
  let popup: Popup;
  try {
    popup = await session.openPopup(tabId);
  } catch (error) {
    const text = `${String(error)} ${String((error as Error).cause ?? '')}`;
    if (session.browser !== 'firefox' || !/right-hand side of 'in'/.test(text)) throw error;
    popup = await session.openPopup(tabId);
  }
  await popup.page.waitForSelector('main[data-complete="true"]', 15_000);
  return popup;
}

const textOf = (page: TestPage, selector: string) =>
  page.evaluate((s: string) => (document.querySelector(s) as HTMLElement | null)?.innerText ?? '', selector);

/** Clicks the (real <button>) whose visible text is one of `labels`. */
async function clickButton(page: TestPage, ...labels: string[]): Promise<void> {
  const found = await page.evaluate((ls: string[]) => {
    const button = Array.from(document.querySelectorAll('button')).find((b) => ls.includes(b.textContent?.trim() ?? ''));
    button?.click();
    return button !== undefined;
  }, labels);
  if (!found) throw new Error(`no button ${labels.map((l) => `"${l}"`).join(' or ')}`);
}

/** Loads `url` in a new tab and waits until the background has its main report. */
async function loaded(session: Session, url: string): Promise<{ tabId: number; page: TestPage }> {
  const opened = await session.openPage(url);
  await responseState(session, opened.tabId, url);
  return opened;
}

interface Violation {
  id: string;
  impact?: string | null;
  nodes: string[];
}

/**
 * Runs axe-core in the page. The source goes in through the driver's evaluate (not a <script>
 * tag, which the extension's CSP would refuse). Dark mode: Chromium emulates the media
 * feature; Firefox over BiDi cannot, so there the page's own `prefers-color-scheme: dark`
 * rules are applied unconditionally — the same declarations the media query would switch on.
 */
async function axeViolations(browser: BrowserName, page: TestPage, scheme: 'light' | 'dark'): Promise<Violation[]> {
  if (browser === 'chromium') await (page.raw as PwPage).emulateMedia({ colorScheme: scheme });
  else await forceDarkRules(page, scheme === 'dark');
  const hasAxe = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!hasAxe) {
    const source = `${axe.source};true`;
    if (browser === 'chromium') await (page.raw as PwPage).evaluate(source);
    else await (page.raw as PpPage).evaluate(source);
  }
  return page.evaluate(async () => {
    const run = (globalThis as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await run.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
}

/** Applies (or removes) the stylesheets' dark-mode rules unconditionally (Firefox: see axeViolations). */
async function forceDarkRules(page: TestPage, on: boolean): Promise<void> {
  await page.evaluate((enable: boolean) => {
    const marked = globalThis as unknown as { forcedDark?: CSSStyleSheet };
    if (!marked.forcedDark) {
      const rules = [':root { color-scheme: dark; }'];
      for (const sheet of Array.from(document.styleSheets)) {
        for (const rule of Array.from(sheet.cssRules)) {
          if (rule instanceof CSSMediaRule && /prefers-color-scheme:\s*dark/.test(rule.conditionText)) {
            for (const inner of Array.from(rule.cssRules)) rules.push(inner.cssText);
          }
        }
      }
      marked.forcedDark = new CSSStyleSheet();
      marked.forcedDark.replaceSync(rules.join('\n'));
    }
    const others = document.adoptedStyleSheets.filter((s) => s !== marked.forcedDark);
    document.adoptedStyleSheets = enable ? [...others, marked.forcedDark] : others;
  }, on);
}

/**
 * Opens every <details>, so axe also checks what is collapsed, and waits until their bodies
 * are drawn: observer rows draw theirs on the first toggle, chain entries once x509 has parsed
 * their details.
 */
async function openAllDetails(page: TestPage): Promise<void> {
  await page.evaluate(() => {
    for (const d of Array.from(document.querySelectorAll('details'))) d.open = true;
  });
  await waitFor('the opened sections to be drawn', () =>
    page.evaluate(() =>
      document.querySelector('.cert-chain [aria-busy="true"]') === null &&
      document.querySelector('.handshake [aria-busy="true"]') === null &&
      Array.from(document.querySelectorAll('.handshake details')).every((d) => d.querySelector('.hs-body') !== null) &&
      Array.from(document.querySelectorAll('.observer details')).every((d) => d.querySelector('.exposures') !== null)
        ? true
        : undefined,
    ),
  );
}

/**
 * Opens one chain entry (0 = leaf, -1 = the last) and waits for its details: they are parsed
 * with x509 (or taken from the storage.session cache) when an entry is opened, not before
 * data-complete, since the entries start collapsed. Returns the entry's text.
 */
async function openChainEntry(page: TestPage, index: number): Promise<string> {
  return waitFor(`chain entry ${index} details`, () =>
    page.evaluate((i: number) => {
      const items = Array.from(document.querySelectorAll('.cert-chain-item'));
      const item = items.at(i);
      const details = item?.querySelector('details');
      if (!item || !details) return undefined;
      if (!details.open) (details.querySelector('summary') as HTMLElement).click();
      return item.querySelector('dl') ? (item as HTMLElement).innerText : undefined;
    }, index),
  );
}

/** Whether this popup document loaded the x509 parser (PopupApp marks it). */
const parsedHere = (page: TestPage) => page.evaluate(() => performance.getEntriesByName('onlooker-parse-start').length > 0);

describe.each(BROWSERS)('popup (%s)', (browser) => {
  let pki: Pki;
  let sites: Sites;
  let session: Session;
  const chromium = browser === 'chromium';

  beforeAll(async () => {
    pki = await createPki();
    for (const h of HOSTILE[browser]) {
      await issueHostileLeaf(pki, h.host, {
        commonName: HOSTILE_MARKUP + 'W'.repeat(h.cnPadding),
        organization: HOSTILE_ORG,
        altNameCount: h.sans,
      });
    }
    await pki.issueLeaf('sct.test', { scts: SCTS.map((logId, i) => ({ logId, timestamp: Date.now() - (i + 1) * 60_000 })) });
    sites = await startSites({ pki });
    session = await launch(browser, { rootCA: pki.rootPath, sitesAddress: sites.address });
  });
  afterAll(async () => {
    await session?.close();
    await sites?.close();
    await pki?.dispose();
  });

  /** Chromium learns TLS details only by inspection: run it through the popup's own buttons. */
  async function inspectThroughPopup(tabId: number): Promise<Popup> {
    const popup = await completePopup(session, tabId);
    // A later visit to an inspected origin shows the cached inspection and offers "again".
    await clickButton(popup.page, en('popup_inspect_start'), en('popup_inspect_again'));
    expect(await textOf(popup.page, '.inspect')).toContain(en('popup_inspect_bar'));
    // The e2e build has `debugger` granted: no browser prompt, so no "Chromium will first ask".
    expect(await textOf(popup.page, '.inspect')).not.toContain(en('popup_inspect_permission'));
    await clickButton(popup.page, en('popup_inspect_confirm'));
    await popup.page.waitForSelector('.inspect-status:not(:empty), .fact-tls-version code', 5_000);
    await waitFor(
      'the inspected TLS version in the popup',
      async () => ((await textOf(popup.page, '.fact-tls-version')).includes('TLS 1.3') ? true : undefined),
      25_000,
    );
    await popup.page.waitForSelector('main[data-complete="true"]', 15_000);
    return popup;
  }

  test('an HTTPS page: verdict, identity, TLS version, and who sees what with the real IP and host name', async () => {
    const { tabId } = await loaded(session, sites.url('secure.test'));
    const leaf = pki.leaves.get('secure.test')!;
    let popup: Popup;
    if (chromium) {
      // Before inspection every TLS fact is "Unknown" with the reason.
      const before = await completePopup(session, tabId);
      expect(await textOf(before.page, '.fact-tls-version')).toContain(`${en('popup_unknown')} (${en('popup_why_not_inspected')})`);
      // HSTS is read from the response headers even so: secure.test sends none, and what the
      // browser itself enforces (its preload list) is said to be unknowable, not guessed.
      expect(await textOf(before.page, '.fact-hsts')).toContain(en('popup_value_hsts_not_asked'));
      expect(await textOf(before.page, '.fact-hsts')).toContain(en('popup_note_hsts_state_unknown'));
      await before.close();
      popup = await inspectThroughPopup(tabId);
    } else {
      popup = await completePopup(session, tabId);
    }
    try {
      const page = popup.page;
      expect(await textOf(page, 'h1')).toBe('secure.test');
      const title = await textOf(page, '.verdict-title');
      expect(title).toBe(chromium ? en('verdict_secure') : en('verdict_custom_root'));
      expect((await textOf(page, '.verdict-sentence')).length).toBeGreaterThan(20);

      const identity = await textOf(page, '.cert-identity');
      expect(identity).toContain('secure.test');
      expect(identity).toContain('Onlooker Test Sites');
      expect(identity).toContain('Onlooker Test Intermediate CA');
      expect(identity).toContain(leaf.sha256);
      expect(identity).toMatch(new RegExp(en('cert_days_left', '\\d+')));

      expect(await textOf(page, '.fact-tls-version')).toContain('TLS 1.3');
      expect(await textOf(page, '.fact-ip')).toContain(sites.address);

      const onlookers = await textOf(page, '.onlookers');
      expect(onlookers).toContain(en('popup_onlooker_https'));
      expect(onlookers).toContain(sites.address);
      expect(onlookers).toContain('secure.test');

      // Leaf and intermediate as the server sent them; the browser may add the root it verified with.
      const chain = await page.evaluate(() => document.querySelectorAll('.cert-chain-item').length);
      expect(chain).toBeGreaterThanOrEqual(2);
      expect(await textOf(page, '.cert-chain')).toContain('Onlooker Test Intermediate CA');
      // Everything above was drawn without x509: the entries start collapsed and their details
      // are parsed when one is opened.
      expect(await parsedHere(page)).toBe(false);
      const leafDetails = await openChainEntry(page, 0);
      expect(leafDetails).toContain(en('cert_key_usage'));
      expect(leafDetails).toContain(leaf.sha256);
      expect(await parsedHere(page)).toBe(true);
      // Firefox says whether the root came with the browser (the test root did not).
      if (!chromium) expect(await openChainEntry(page, -1)).toContain(en('cert_builtin_root_no'));
      // The parsed chain is remembered for the next popup.
      await waitFor('the parsed chain in storage.session', () =>
        session.evalInBackground(
          async (key: string) => ((await chrome.storage.session.get(key))[key] ? true : undefined),
          'popup:parsed-certs:v1',
        ),
      );
      if (chromium) expect(await textOf(page, '.inspect')).toContain(en('popup_inspected_ago', en('popup_age_now')));
    } finally {
      await popup.close();
    }
    // Reopened, the popup shows an entry's details from the chain parsed last time, without
    // loading the parser again.
    const again = await completePopup(session, tabId);
    try {
      const identity = await textOf(again.page, '.cert-identity');
      expect(identity).toContain(leaf.sha256);
      expect(identity).not.toContain(en('popup_identity_reading'));
      expect(await openChainEntry(again.page, 0)).toContain(en('cert_key_usage'));
      expect(await parsedHere(again.page)).toBe(false);
    } finally {
      await again.close();
    }
  });

  test('CT logs by name: the SCTs of the certificate name their logs and operators, an unknown log by its id', async () => {
    const { tabId } = await loaded(session, sites.url('sct.test'));
    // Chromium shows the certificate's details after Inspect; Firefox gives the chain on every load.
    const popup = chromium ? await inspectThroughPopup(tabId) : await completePopup(session, tabId);
    try {
      // The names arrive with the snapshot, loaded (import()) when the details are wanted.
      let last = '';
      const leafDetails = await waitFor(
        'the SCTs with their log names',
        async () => {
          last = await openChainEntry(popup.page, 0);
          return last.includes(en('cert_sct_list_date', '')) || last.includes('(operator:') ? last : undefined;
        },
        15_000,
      ).catch((err: unknown) => {
        throw new Error(`${String(err)}; the leaf's details read: ${JSON.stringify(last.slice(0, 2000))}`);
      });
      expect(leafDetails).toContain(en('cert_sct_count', '3'));
      for (const id of KNOWN_SCT_LOGS) {
        const [description, operator] = CT_LOGS[id]!;
        expect(leafDetails).toContain(en('cert_sct_log_named', description, CT_LOG_OPERATORS[operator]!));
      }
      expect(leafDetails).toContain("Google 'Argon2026h2' log");
      expect(leafDetails).toContain(en('cert_sct_unknown_log', UNKNOWN_SCT_LOG));
      // The snapshot's date, in the popup's date format.
      const date = await popup.page.evaluate(
        (iso: string) =>
          new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric' }).format(Date.parse(`${iso}T00:00:00Z`)),
        CT_LOG_LIST_DATE,
      );
      expect(leafDetails).toContain(en('cert_sct_list_date', date));
      // Firefox's own CT judgement (certificateTransparencyStatus) sits in the Connection list:
      // CT is required of publicly trusted roots only, and the test root is not one.
      if (!chromium) expect(await textOf(popup.page, '.fact-ct')).toContain(en('popup_value_ct_not_applicable'));
    } finally {
      await popup.close();
    }
  });

  test('a plain HTTP page: everything is visible and can be changed; "Try HTTPS" opens the https:// address', async () => {
    const { tabId } = await loaded(session, sites.url('plain.test', '/?q=1'));
    const popup = await completePopup(session, tabId);
    try {
      expect(await textOf(popup.page, '.onlookers')).toContain(en('popup_onlooker_http'));
      expect(await textOf(popup.page, '.cert-identity')).toContain(en('popup_identity_http'));
      expect(await textOf(popup.page, '.fact-tls-version')).toContain(en('popup_value_no_tls'));
      await clickButton(popup.page, en('popup_try_https'));
      await waitFor('the tab to go to https://plain.test/', async () => {
        const tab = await session.evalInBackground((id: number) => chrome.tabs.get(id), tabId);
        return (tab.pendingUrl ?? tab.url ?? '').startsWith('https://plain.test/?q=1') ? true : undefined;
      });
    } finally {
      await popup.close();
    }
  });

  /** Opens "How this connection was made" and returns the text of each step by its id. */
  async function handshakeSteps(page: TestPage): Promise<Record<string, string>> {
    await page.evaluate(() => (document.querySelector('.handshake summary') as HTMLElement).click());
    await page.waitForSelector('.handshake .hs-body', 5_000);
    return page.evaluate(() =>
      Object.fromEntries(
        Array.from(document.querySelectorAll('.hs-step')).map((li) => [li.getAttribute('data-step') ?? '', (li as HTMLElement).innerText]),
      ),
    );
  }

  test('the handshake view draws this connection: TLS 1.3, TLS 1.2, plain HTTP, and the signatures checked here', async () => {
    // A host no earlier test inspected: Chromium applies a remembered inspection of the origin.
    const secure = await loaded(session, sites.url('ecdsa.test'));
    const ip = (await session.evalInBackground(
      async (key: string) => (await chrome.storage.session.get(key))[key],
      `tab:${secure.tabId}`,
    )) as { main: { ip: string } };
    let popup: Popup;
    if (chromium) {
      // Before Chromium's details are known: the rest of the handshake is unknown, and the view says what Inspect adds.
      const before = await completePopup(session, secure.tabId);
      const steps = await handshakeSteps(before.page);
      expect(steps['tls-unknown']).toContain(en('handshake_why_not_inspected'));
      expect(steps['certificate']).toBeUndefined();
      expect(steps['client-hello']).toContain(en('handshake_sni', 'ecdsa.test'));
      await before.close();
      popup = await inspectThroughPopup(secure.tabId);
    } else {
      popup = await completePopup(session, secure.tabId);
    }
    try {
      const steps = await handshakeSteps(popup.page);
      expect(steps['tcp-syn']).toContain(`${ip.main.ip}:`);
      expect(steps['client-hello']).toContain(en('handshake_read_clear'));
      expect(steps['server-hello']).toContain(en('handshake_version', 'TLS 1.3'));
      expect(steps['certificate']).toContain(en('handshake_read_encrypted'));
      expect(steps['certificate']).toContain(en('handshake_certificate_hidden'));
      expect(steps['request']).toContain(en('handshake_read_encrypted'));
      // Every link of the chain the browser gave is checked here, with WebCrypto.
      const proof = await waitFor('the signatures to be checked', () =>
        popup.page.evaluate(() => (document.querySelector('.hs-proof') as HTMLElement | null)?.innerText),
      );
      expect(proof).toContain(en('handshake_sig_valid'));
      expect(proof).not.toContain(en('handshake_sig_invalid'));
      expect(proof).toContain(chromium ? en('handshake_end_unknown') : en('handshake_end_added'));
    } finally {
      await popup.close();
    }

    if (!chromium) {
      const tls12 = await loaded(session, sites.url('tls12.test'));
      const old = await completePopup(session, tls12.tabId);
      try {
        const steps = await handshakeSteps(old.page);
        expect(steps['server-hello']).toContain(en('handshake_version', 'TLS 1.2'));
        expect(steps['certificate']).toContain(en('handshake_read_clear'));
        expect(steps['certificate']).toContain('Onlooker Test Sites');
        expect(steps['change-cipher-spec']).toBeDefined();
      } finally {
        await old.close();
      }
    }

    const plain = await loaded(session, sites.url('plain.test', '/submit?next=1'));
    const http = await completePopup(session, plain.tabId);
    try {
      const steps = await handshakeSteps(http.page);
      expect(Object.keys(steps).filter((id) => id.includes('hello'))).toEqual([]);
      expect(steps['request']).toContain(en('handshake_request_path', '/submit'));
      expect(steps['request']).toContain(en('handshake_request_query', '?next=1'));
      expect(steps['request']).toContain(en('handshake_read_clear'));
      expect(steps['response']).toContain(en('handshake_read_clear'));
    } finally {
      await http.close();
    }
  });

  test('the footer link opens this site in the privacy history', async () => {
    const { tabId } = await loaded(session, sites.url('secure.test'));
    const popup = await completePopup(session, tabId);
    try {
      const link = await popup.page.evaluate(() => {
        const a = document.querySelector('.popup-footer a') as HTMLAnchorElement | null;
        return a ? { href: a.href, target: a.target, text: a.textContent ?? '' } : undefined;
      });
      expect(link).toMatchObject({ target: '_blank', text: expect.stringContaining('secure.test') });
      expect(link!.href).toBe(`${session.extensionBase}/privacy.html#site=secure.test`);
      // Follow it in the same page: the history page opens on this site's view.
      await popup.page.evaluate((href: string) => location.assign(href), link!.href);
      await popup.page.waitForSelector('[data-ready="true"]', 15_000);
      await waitFor('the site view', async () => ((await textOf(popup.page, 'main')).includes('secure.test') ? true : undefined));
    } finally {
      await popup.close();
    }
  });

  test('mixed content is flagged: the plain-HTTP form is listed', async () => {
    const { tabId } = await loaded(session, sites.url('mixed.test'));
    const form = `http://plain.test:${sites.ports.http}/submit`;
    await waitFor('the page probe to report mixed content', async () =>
      (await tabState(session, tabId))?.mixed?.some((m) => m.url === form) ? true : undefined,
    );
    const popup = await completePopup(session, tabId);
    try {
      const hosts = await textOf(popup.page, '.hosts');
      expect(hosts).toContain(en('popup_hosts_mixed_flag'));
      expect(hosts).toContain(en('popup_mixed_form'));
      expect(hosts).toContain(form);
      expect(await textOf(popup.page, '.onlookers')).toContain(en('popup_onlooker_mixed', '1'));
    } finally {
      await popup.close();
    }
  });

  test('hostile certificate names render as inert text, capped, with the layout intact', async () => {
    for (const hostile of HOSTILE[browser]) {
      const { tabId } = await loaded(session, sites.url(hostile.host));
      const popup = chromium ? await inspectThroughPopup(tabId) : await completePopup(session, tabId);
      try {
        const facts = await popup.page.evaluate(() => ({
          elements: document.querySelectorAll('main img, main script, main b').length,
          identity: (document.querySelector('.cert-identity') as HTMLElement).innerText,
          sanItems: document.querySelectorAll('.cert-identity .cert-list li').length,
          overflow: (() => {
            const main = document.querySelector('main') as HTMLElement;
            return main.scrollWidth - main.clientWidth;
          })(),
          widest: Math.max(...Array.from(document.querySelectorAll('main *')).map((e) => e.getBoundingClientRect().right)),
        }));
        expect(facts.elements, hostile.host).toBe(0);
        expect(facts.identity).toContain('<img src=x onerror=alert(1)>');
        expect(facts.identity).toContain('⟨U+202E⟩gnp.exe');
        expect(facts.identity).not.toContain('\u202E');
        // Over the readers' size limit (64 KB of DER) nothing is parsed: the popup says so and
        // shows only what the browser itself said (CDP's names), still as inert text.
        const der = Buffer.from(sites.pki.leaves.get(hostile.host)?.certPem.replace(/-----[^-]+-----|\s/g, '') ?? '', 'base64');
        if (der.length > 64 * 1024) {
          expect(facts.identity).toContain(en('cert_error_too_large'));
        } else {
          expect(facts.identity).toContain('Evil⟨U+202E⟩Org <b>bold</b>');
          // Lists are capped at 256 entries; what is left out is counted, never silently dropped.
          const names = hostile.sans + 1;
          expect(facts.identity).toContain(en('cert_show_all', String(Math.min(names, 256))));
          if (names > 256) expect(facts.identity).toContain(`${names - 256} entries`);
        }
        expect(facts.identity.length).toBeLessThan(5_000);
        expect(facts.sanItems).toBeLessThanOrEqual(10);
        // Nothing sticks out of the ~400 px popup, however long the names.
        expect(facts.overflow).toBe(0);
        expect(facts.widest).toBeLessThanOrEqual(420);
      } finally {
        await popup.close();
      }
    }
  });

  test('keyboard and hover: explanations show on focus and hover, Escape hides them, sections open with Enter', async () => {
    const { tabId } = await loaded(session, sites.url('secure.test'));
    const popup = await completePopup(session, tabId);
    const raw = popup.page.raw as { keyboard: { press(key: string): Promise<void> }; hover(selector: string): Promise<void> };
    const tipShown = (id: string) =>
      popup.page.evaluate((f: string) => {
        const term = document.querySelector(`.fact-${f} .term-label`) as HTMLElement;
        const tip = document.getElementById(term.getAttribute('aria-describedby') ?? '');
        return tip ? getComputedStyle(tip).display !== 'none' : false;
      }, id);
    try {
      expect(await tipShown('hsts')).toBe(false);
      // Keyboard: Tab reaches the term (it is focusable), and its explanation appears.
      await popup.page.evaluate(() => (document.querySelector('.fact-cipher .term-label') as HTMLElement).focus());
      await raw.keyboard.press('Tab');
      expect(await popup.page.evaluate(() => document.activeElement?.closest('.fact')?.className)).toContain('fact-group');
      expect(await tipShown('group')).toBe(true);
      await raw.keyboard.press('Escape');
      expect(await tipShown('group')).toBe(false);
      // Hover shows it too.
      await raw.hover('.fact-hsts .term-label');
      expect(await tipShown('hsts')).toBe(true);
      // Collapsed rows open from the keyboard.
      await popup.page.evaluate(() => (document.querySelector('.observer summary') as HTMLElement).focus());
      await raw.keyboard.press('Enter');
      expect(await popup.page.evaluate(() => (document.querySelector('.observer details') as HTMLDetailsElement).open)).toBe(true);
    } finally {
      await popup.close();
    }
  });

  test.each(['secure.test', 'plain.test'])('axe finds no violations in light and dark mode (%s)', async (host) => {
    const { tabId } = await loaded(session, sites.url(host));
    const popup = await completePopup(session, tabId);
    try {
      for (const scheme of ['light', 'dark'] as const) {
        expect(await axeViolations(browser, popup.page, scheme), `${scheme}, as opened`).toEqual([]);
      }
      await openAllDetails(popup.page);
      for (const scheme of ['light', 'dark'] as const) {
        expect(await axeViolations(browser, popup.page, scheme), `${scheme}, all sections open`).toEqual([]);
      }
      if (chromium && host === 'secure.test') {
        await clickButton(popup.page, en('popup_inspect_start'), en('popup_inspect_again'));
        expect(await axeViolations(browser, popup.page, 'dark'), 'inspect explanation').toEqual([]);
      }
      // The check itself works: a planted nameless button is caught.
      await popup.page.evaluate(() => void document.querySelector('main')?.append(document.createElement('button')));
      expect((await axeViolations(browser, popup.page, 'light')).map((v) => v.id)).toContain('button-name');
    } finally {
      await popup.close();
    }
  });
});
