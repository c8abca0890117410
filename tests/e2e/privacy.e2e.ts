/**
 * The privacy-history page end to end, in real Chromium and Firefox with the built extension,
 * against the local *.test sites: visits appear on the open page as you browse (the worker's
 * writes reach it live), each opens its details; a certificate change on changed.test raises
 * an event the page shows; export → delete everything → import brings the visits back; and a
 * private window writes nothing.
 *
 * The page is driven through its own controls (clicks, the file input, the confirmation
 * dialog) with DOM calls inside the page, which work the same on both drivers. Chromium learns
 * a site's certificate only through "Inspect" (chrome.debugger; granted up front in the e2e
 * build), so there the test inspects each visit of changed.test, as a user would.
 */
import { mkdtemp, cp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  BROWSERS,
  defaultExtensionDir,
  GECKO_ID,
  launch,
  REPO_ROOT,
  startSites,
  waitFor,
  type BrowserName,
  type Session,
  type TestPage,
} from './harness.ts';
import { inspect } from './state.ts';

type Sites = Awaited<ReturnType<typeof startSites>>;
type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

const messages = JSON.parse(readFileSync(join(REPO_ROOT, 'public/_locales/en/messages.json'), 'utf8')) as Messages;
/** The English text of a message as the page shows it (placeholders filled in order). */
function en(key: string, ...subs: string[]): string {
  const m = messages[key];
  if (!m) throw new Error(`no message ${key}`);
  return m.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
    const content = m.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (__, n: string) => subs[Number(n) - 1] ?? '');
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Chooses a file with `text` in the page's backup file input, as a user would. */
function chooseBackup(page: TestPage, text: string, name = 'backup.json'): Promise<void> {
  return page.evaluate(
    ([json, fileName]: [string, string]) => {
      const input = document.querySelector<HTMLInputElement>('#b-import')!;
      const files = new DataTransfer();
      files.items.add(new File([json], fileName, { type: 'application/json' }));
      input.files = files.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    [text, name] as [string, string],
  );
}

/** Visit rows per host, read straight from the history database in an extension page. */
function storedVisits(page: TestPage): Promise<Record<string, number>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        // Opened without a version: the page's Dexie has created the database at its version.
        const open = indexedDB.open('onlooker-history');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('visits').objectStore('visits').getAll();
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            const out: Record<string, number> = {};
            for (const v of req.result as { h: string }[]) out[v.h] = (out[v.h] ?? 0) + 1;
            db.close();
            resolve(out);
          };
        };
      }),
  );
}

/** Host names shown in the rendered rows of the visit list. */
const listedHosts = (page: TestPage) =>
  page.evaluate(() => [...new Set([...document.querySelectorAll('.visit-list .cell-host')].map((el) => el.textContent ?? ''))].sort());

const text = (page: TestPage, selector: string) =>
  page.evaluate((s: string) => (document.querySelector(s) as HTMLElement | null)?.innerText ?? '', selector);

/** Clicks the first element matching `selector` whose text contains `label` (or the first one). */
async function click(page: TestPage, selector: string, label?: string): Promise<void> {
  const found = await page.evaluate(
    ([s, l]: [string, string | undefined]) => {
      const el = [...document.querySelectorAll<HTMLElement>(s)].find((e) => l === undefined || (e.textContent ?? '').includes(l));
      el?.click();
      return !!el;
    },
    [selector, label] as [string, string | undefined],
  );
  if (!found) throw new Error(`nothing to click: ${selector} ${label ?? ''}`);
}

/**
 * axe-core's violations in the page, in light or dark mode. The source goes in through the
 * driver (the extension's CSP refuses inline scripts). Chromium emulates the colour scheme;
 * Firefox over BiDi cannot, so there the stylesheets' dark rules are applied directly.
 */
async function axeViolations(browser: BrowserName, page: TestPage, scheme: 'light' | 'dark'): Promise<string[]> {
  if (browser === 'chromium') await (page.raw as PwPage).emulateMedia({ colorScheme: scheme });
  else {
    await page.evaluate((dark: boolean) => {
      const g = globalThis as unknown as { forcedDark?: CSSStyleSheet };
      if (!g.forcedDark) {
        const rules = [':root { color-scheme: dark; }'];
        for (const sheet of Array.from(document.styleSheets)) {
          for (const rule of Array.from(sheet.cssRules)) {
            if (rule instanceof CSSMediaRule && /prefers-color-scheme:\s*dark/.test(rule.conditionText)) {
              for (const inner of Array.from(rule.cssRules)) rules.push(inner.cssText);
            }
          }
        }
        g.forcedDark = new CSSStyleSheet();
        g.forcedDark.replaceSync(rules.join('\n'));
      }
      const others = document.adoptedStyleSheets.filter((x) => x !== g.forcedDark);
      document.adoptedStyleSheets = dark ? [...others, g.forcedDark] : others;
    }, scheme === 'dark');
  }
  if (!(await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object'))) {
    const source = `${axe.source};true`;
    if (browser === 'chromium') await (page.raw as PwPage).evaluate(source);
    else await (page.raw as PpPage).evaluate(source);
  }
  return page.evaluate(async () => {
    const run = (globalThis as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await run.run(document, { resultTypes: ['violations'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}: ${n.failureSummary ?? ''}`));
  });
}

describe.each(BROWSERS)('privacy history page (%s)', (browser) => {
  let sites: Sites;
  let session: Session;
  const firefox = browser === 'firefox';

  beforeAll(async () => {
    sites = await startSites();
    session = await launch(browser, { rootCA: sites.pki.rootPath, sitesAddress: sites.address });
  });
  afterAll(async () => {
    await session?.close();
    await sites?.close();
  });

  async function openPrivacy(hash = ''): Promise<TestPage> {
    const { page } = await session.openPage(`${session.extensionBase}/privacy.html${hash}`);
    await page.waitForSelector('[data-ready="true"]', 20_000);
    return page;
  }

  /** Loads a site in a new tab; in Chromium also inspects it so the certificate is known. */
  async function visit(host: string, { inspectIt = false } = {}): Promise<number> {
    const { tabId } = await session.openPage(sites.url(host));
    if (inspectIt && !firefox) expect(await inspect(session, tabId)).toMatchObject({ ok: true });
    return tabId;
  }

  test('browsing the test sites: the visits appear on the open page, each opens its details', async () => {
    const privacy = await openPrivacy();
    const hosts = ['plain.test', 'secure.test', 'tls12.test'];
    for (const host of hosts) await visit(host);
    // No reload: the worker's writes reach the open page (Dexie liveQuery across contexts).
    await expect.poll(() => listedHosts(privacy), { timeout: 20_000 }).toEqual(expect.arrayContaining(hosts));
    await expect.poll(() => text(privacy, '.result-count')).toMatch(/\d+ visits/);

    // Open the TLS 1.2 visit's details from its row, then the plain-HTTP one from the keyboard.
    await click(privacy, '.visit-list a.visit-row', 'tls12.test');
    await privacy.waitForSelector('.details-panel .detail-list');
    const details = await text(privacy, '.details-panel');
    expect(details).toContain(en('privacy_details_title', 'tls12.test'));
    expect(details).toContain(sites.address);
    if (firefox) expect(details).toContain('TLSv1.2');
    expect(await privacy.evaluate(() => document.activeElement?.id)).toBe('visit-details-title');
    expect(await privacy.evaluate(() => location.hash)).toMatch(/^#visit=\d+$/);

    await privacy.evaluate(() => {
      const close = [...document.querySelectorAll<HTMLButtonElement>('.details-panel button')].find((b) => b.classList.contains('close'));
      close?.click();
    });
    await waitFor('the details to close', async () =>
      (await privacy.evaluate(() => !document.querySelector('.details-panel'))) ? true : undefined,
    );
    // Focus went back to the row the details were opened from; the arrow keys move from there.
    const from = await waitFor('focus back on its row', () =>
      privacy.evaluate(() => {
        const el = document.activeElement;
        return el?.matches('a.visit-row') ? Number(el.closest('[data-index]')?.getAttribute('data-index')) : undefined;
      }),
    );
    await privacy.evaluate(() => document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true })));
    await waitFor('focus to move down the list', () =>
      privacy.evaluate((i: number) => (document.activeElement?.closest(`[data-index="${i + 1}"]`) ? true : undefined), from),
    );

    await click(privacy, '.visit-list a.visit-row', 'plain.test');
    await waitFor('the plain-HTTP details', async () =>
      (await text(privacy, '.details-panel')).includes(en('privacy_cert_none_http')) ? true : undefined,
    );
    // "View site" leads to the site's page.
    await click(privacy, '.details-panel a', en('privacy_view_site'));
    await waitFor('the site page', async () => ((await text(privacy, '#site-title')) === 'plain.test' ? true : undefined));
    await waitFor('the site summary', async () =>
      (await text(privacy, '.site-view')).includes(en('privacy_site_http_visits')) ? true : undefined,
    );
    await privacy.close();
  });

  test('a certificate change on changed.test: the site page shows both certificates in its timeline', async () => {
    const before = sites.pki.leaves.get('changed.test')!.sha256;
    await visit('changed.test', { inspectIt: true });
    const res = await fetch(`http://${sites.address}:${sites.ports.http}/__admin/rotate?host=changed.test`, { method: 'POST' });
    expect(res.ok).toBe(true);
    expect(sites.pki.leaves.get('changed.test')!.sha256).not.toBe(before);
    await visit('changed.test', { inspectIt: true });

    const page = await openPrivacy('#site=changed.test');
    await waitFor(
      'the timeline',
      async () => ((await page.evaluate(() => document.querySelectorAll('.timeline-item').length)) === 2 ? true : undefined),
      20_000,
    );
    // The second certificate comes from another issuer, and the page says so.
    expect(await text(page, '.timeline-item.is-issuer-change')).toMatch(/Other Test (Trust Services|Issuing CA)/);
    expect(await text(page, '.timeline-item.is-issuer-change')).toContain(en('privacy_timeline_issuer_changed'));
    await page.close();
  });

  /*
   * Chromium: this fails today, and that is a product gap, not a test problem. Chromium's
   * debugger gives only the issuer's common name (securityDetails.issuer), and
   * lib/engines/chromium.ts builds the certificate summary from it without reading the issuer's
   * organisation out of the DER it also has; change detection (lib/history/changes.ts) compares
   * issuing organisations only (CNs change at every Let's Encrypt renewal), so no event is
   * raised. The timeline test above shows the page has both certificates.
   */
  test('a certificate change on changed.test raises an event the page shows', async () => {
    const events = await openPrivacy('#events');
    const item = '.event-item[data-kind="cert-changed"], .event-item[data-kind="issuer-changed"]';
    await waitFor(
      'the certificate event',
      async () => ((await text(events, item)).includes('changed.test') ? true : undefined),
      20_000,
    ).catch(async (err: unknown) => {
      const shown = await text(events, 'main');
      throw new Error(`no certificate event on the page (${browser}); it shows: ${JSON.stringify(shown.slice(0, 300))}`, { cause: err });
    });
    const shown = await text(events, item);
    expect([en('privacy_event_cert_changed'), en('privacy_event_issuer_changed')].some((title) => shown.includes(title))).toBe(true);
    // The issuers before and after, from the certificates themselves.
    expect(shown).toContain('Onlooker Test PKI');
    expect(shown).toContain('Other Test Trust Services');
    expect(await text(events, '.page-nav')).toMatch(/Events\s*\d+/);

    // Marking it as seen.
    await click(events, '.event-item.is-unseen button', en('privacy_event_mark_seen'));
    await waitFor('the event to be seen', async () =>
      (await events.evaluate((s: string) => !document.querySelector(s)?.classList.contains('is-unseen'), item)) ? true : undefined,
    );
    await events.close();
  });

  test('axe finds no violations in any view, light and dark', async () => {
    const page = await openPrivacy();
    const views: [string, () => Promise<void>][] = [
      [
        'list + details',
        async () => {
          await page.evaluate(() => (location.hash = ''));
          await page.waitForSelector('.visit-list a.visit-row');
          await click(page, '.visit-list a.visit-row', 'changed.test');
          await page.waitForSelector('.details-panel .detail-list');
        },
      ],
      [
        'site',
        async () => {
          await page.evaluate(() => (location.hash = '#site=changed.test'));
          await page.waitForSelector('.timeline');
        },
      ],
      [
        'events',
        async () => {
          await page.evaluate(() => (location.hash = '#events'));
          await page.waitForSelector('.event-list, .view-events p');
        },
      ],
      [
        'charts',
        async () => {
          await page.evaluate(() => (location.hash = '#charts'));
          await page.waitForSelector('.chart[data-drawn="true"]', 15_000);
          await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        },
      ],
      [
        'settings',
        async () => {
          await page.evaluate(() => (location.hash = '#settings'));
          await page.waitForSelector('#b-import');
        },
      ],
      [
        'confirmation dialog',
        async () => {
          await click(page, 'button', en('privacy_delete_all'));
          await page.waitForSelector('dialog.confirm-dialog[open]');
        },
      ],
    ];
    for (const [name, show] of views) {
      await show();
      for (const scheme of ['light', 'dark'] as const) expect(await axeViolations(browser, page, scheme), `${name}, ${scheme}`).toEqual([]);
    }
    await click(page, 'dialog.confirm-dialog button', en('privacy_cancel'));
    await page.close();
  });

  test('export JSON, delete everything, import: the visits come back', async () => {
    const page = await openPrivacy('#settings');
    const before = await storedVisits(page);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['plain.test', 'secure.test', 'tls12.test']));

    // The export is a Blob handed to an <a download>: catch the Blob where the page makes its URL.
    await page.evaluate(() => {
      const w = window as unknown as { __exported?: string[] };
      w.__exported = [];
      const create = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        if (blob instanceof Blob) void blob.text().then((t) => w.__exported!.push(t));
        return create(blob);
      };
    });
    await click(page, 'button', en('privacy_export_json'));
    const exported = await waitFor('the export', () =>
      page.evaluate(() => (window as unknown as { __exported?: string[] }).__exported?.[0]),
    );
    const backup = JSON.parse(exported) as { format: string; visits: { host: string }[] };
    expect(backup.format).toBe('onlooker-history');
    const total = Object.values(before).reduce((n, c) => n + c, 0);
    expect(backup.visits).toHaveLength(total);

    // Delete everything, through the confirmation dialog (focus starts on "Cancel").
    await click(page, 'button', en('privacy_delete_all'));
    await page.waitForSelector('dialog.confirm-dialog[open]');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(en('privacy_cancel'));
    await click(page, 'dialog.confirm-dialog button.danger');
    await waitFor('the deletion', async () =>
      (await text(page, '.status-line')) === en('privacy_deleted', String(total)) ? true : undefined,
    );
    expect(await storedVisits(page)).toEqual({});

    // Import the backup through the file input.
    await chooseBackup(page, exported, 'backup.json');
    await waitFor('the import', async () => ((await text(page, '.status-line')).startsWith('Imported:') ? true : undefined));
    expect(await text(page, '.status-line')).toContain(`${total} visits added`);
    expect(await storedVisits(page)).toEqual(before);

    // And they are on the list again.
    await page.evaluate(() => (location.hash = '#visits'));
    await expect
      .poll(() => listedHosts(page), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['plain.test', 'secure.test', 'tls12.test']));

    // A file that is not a backup changes nothing and says why.
    await page.evaluate(() => (location.hash = '#settings'));
    await page.waitForSelector('#b-import');
    await chooseBackup(page, '{"format":"something else"}', 'x.json');
    await waitFor('the refusal', async () =>
      (await text(page, '.status-line.is-error')).startsWith('Nothing was imported') ? true : undefined,
    );
    expect(await storedVisits(page)).toEqual(before);
    await page.close();
  });

  test('import: a labelled progress bar while it runs; a bad row is named and nothing is written', async () => {
    const page = await openPrivacy('#settings');
    await page.waitForSelector('#b-import');
    const before = await storedVisits(page);
    // Within the last hours: the retention test after this one counts what it deletes.
    const start = Date.now() - 6 * 3_600_000;
    const visits = Array.from({ length: 6_000 }, (_, i) => ({
      time: start + i * 1000,
      host: `bulk${i % 200}.example`,
      scheme: 'https',
      verdict: 'secure',
      tls: 'TLSv1.3',
    }));
    const backup = {
      format: 'onlooker-history',
      version: 1,
      schemaVersion: 2,
      exportedAt: Date.now(),
      visits,
      certificates: [],
      sites: [],
      events: [],
    };
    const choose = (json: string) => chooseBackup(page, json);
    // Record every progress bar the page shows, with its accessible label, as it happens.
    const watch = () =>
      page.evaluate(() => {
        const w = window as unknown as { __bars: { phase: string; label: string; value: number | null; max: number }[] };
        w.__bars = [];
        const record = () => {
          const bar = document.querySelector<HTMLProgressElement>('progress#b-import-progress');
          if (!bar) return;
          w.__bars.push({
            phase: bar.closest<HTMLElement>('[data-phase]')?.dataset['phase'] ?? '',
            label: bar.labels[0]?.textContent ?? '',
            value: bar.hasAttribute('value') ? bar.value : null,
            max: bar.max,
          });
        };
        new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });
    const bars = () =>
      page.evaluate(() => (window as unknown as { __bars: { phase: string; label: string; value: number | null; max: number }[] }).__bars);

    // A bad row near the end: refused, named (section, 1-based entry, field, reason), nothing written.
    const bad = structuredClone(backup);
    (bad.visits[5_990] as { time: number }).time = 1e17;
    await watch();
    await choose(JSON.stringify(bad));
    await waitFor('the refusal', async () =>
      (await text(page, '.status-line.is-error')).startsWith('Nothing was imported') ? true : undefined,
    );
    const from = new Date(Date.UTC(1990, 0, 1)).toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' });
    const reason = await text(page, '.status-line');
    // "Nothing was imported: in “visits”, entry 5,991, field “time”: the time is not between Jan 1, 1990 and <now + 2 days>."
    const upToTo = en('privacy_import_reason_time_range', from, '\0').split('\0')[0]!;
    expect(reason).toContain(en('privacy_import_invalid', en('privacy_import_at_entry_field', 'visits', '5,991', 'time', upToTo)));
    expect(await storedVisits(page)).toEqual(before);
    // Checking shows its labelled bar (how far it got before the bad row depends on the machine).
    expect((await bars()).some((b) => b.phase === 'checking' && b.label.startsWith('Checking the backup'))).toBe(true);
    expect(await page.evaluate(() => document.querySelector('progress'))).toBeNull();

    // The good file: progress through checking and writing, then the visits are there.
    await watch();
    await choose(JSON.stringify(backup));
    await waitFor('the import', async () => ((await text(page, '.status-line')).startsWith('Imported:') ? true : undefined), 120_000);
    const seen = await bars();
    expect(seen.some((b) => b.phase === 'checking' && b.label.startsWith('Checking the backup'))).toBe(true);
    expect(seen.some((b) => b.phase === 'writing' && b.label.startsWith('Importing:') && b.value !== null && b.value <= b.max)).toBe(true);
    expect(await page.evaluate(() => document.querySelector('progress'))).toBeNull();
    const after = await storedVisits(page);
    expect(after['bulk0.example']).toBe(30);
    await page.close();
  });

  test('settings: shortening the retention deletes older visits at once; excluded sites are saved', async () => {
    const page = await openPrivacy('#settings');
    // A backup with one visit 10 days old.
    const old = Date.now() - 10 * 86_400_000;
    const backup = {
      format: 'onlooker-history',
      version: 1,
      schemaVersion: 2,
      exportedAt: Date.now(),
      visits: [{ time: old, host: 'old.example', scheme: 'https', verdict: 'secure' }],
      certificates: [],
      sites: [],
      events: [],
    };
    await chooseBackup(page, JSON.stringify(backup), 'old.json');
    await waitFor('the import', async () => ((await storedVisits(page))['old.example'] === 1 ? true : undefined));

    const setRetention = (days: string) =>
      page.evaluate((value: string) => {
        const input = document.querySelector<HTMLInputElement>('#s-retention')!;
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }, days);
    expect(await page.evaluate(() => document.querySelector<HTMLInputElement>('#s-retention')!.value)).toBe('90');
    await setRetention('5');
    await page.waitForSelector('dialog.confirm-dialog[open]');
    expect(await text(page, 'dialog.confirm-dialog')).toContain(en('privacy_confirm_retention', '5'));
    await click(page, 'dialog.confirm-dialog button.danger');
    await waitFor('retention to apply', async () =>
      (await text(page, '.status-line')) === en('privacy_retention_applied', '5', '1') ? true : undefined,
    );
    expect((await storedVisits(page))['old.example']).toBeUndefined();
    const stored = await page.evaluate(async () => (await chrome.storage.local.get('settings'))['settings'] as { retentionDays?: number });
    expect(stored.retentionDays).toBe(5);
    // Longer again: nothing to delete, no question asked.
    await setRetention('90');
    await waitFor('the setting', async () =>
      (await page.evaluate(
        async () => ((await chrome.storage.local.get('settings'))['settings'] as { retentionDays?: number }).retentionDays,
      )) === 90
        ? true
        : undefined,
    );
    expect(await page.evaluate(() => !!document.querySelector('dialog[open]'))).toBe(false);

    // An excluded site, typed as a URL, is saved as its host for the background to skip.
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('#x-add')!;
      input.value = 'https://Tracker.Example/path';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.closest('form')!.requestSubmit();
    });
    await waitFor('the excluded site', async () =>
      (
        (await page.evaluate(
          async () => ((await chrome.storage.local.get('settings'))['settings'] as { excludedHosts?: string[] }).excludedHosts,
        )) ?? []
      ).includes('tracker.example')
        ? true
        : undefined,
    );
    expect(await text(page, '.chip-list')).toContain('tracker.example');
    await click(page, '.chip-list button');
    await waitFor('the site to be removed', async () =>
      (await page.evaluate(() => !document.querySelector('.chip-list'))) ? true : undefined,
    );
    await page.close();
  });

  test('a quota prune reported by the background is shown until dismissed', async () => {
    const page = await openPrivacy();
    const at = Date.now();
    await page.evaluate((when: number) => chrome.storage.local.set({ historyNotice: { quotaPrunedAt: when, quotaPruned: 1234 } }), at);
    await page.waitForSelector('[data-notice="quota"]');
    expect(await text(page, '[data-notice="quota"]')).toContain('1,234');
    await click(page, '[data-notice="quota"] button');
    await waitFor('the notice to go', async () =>
      (await page.evaluate(() => !document.querySelector('[data-notice="quota"]'))) ? true : undefined,
    );
    expect(await page.evaluate(async () => (await chrome.storage.local.get('historyNotice'))['historyNotice'])).toBeUndefined();
    await page.close();
  });

  // Last: letting the extension into private windows reloads (Chromium) or reinstalls (Firefox) it.
  test('a private window writes nothing to the history', async () => {
    const control = await openPrivacy();
    const raw = control.raw;
    const before = await storedVisits(control);
    expect(before['hsts.test']).toBeUndefined();

    let extensionPage: TestPage;
    let copy: string | undefined;
    if (!firefox) {
      // Chromium: "Allow in Incognito" as chrome://extensions sets it (developer mode first:
      // Chromium disables a reloaded unpacked extension outside it). Split mode: the private
      // window gets its own instance of the extension, whose storage is the private profile's.
      const ctx = (raw as PwPage).context();
      const settingsPage = await ctx.newPage();
      await settingsPage.goto('chrome://extensions');
      const extensionId = new URL(session.extensionBase).host;
      await settingsPage.evaluate(async (id: string) => {
        const dp = (
          globalThis as unknown as {
            chrome: {
              developerPrivate: {
                updateProfileConfiguration(c: object): Promise<void>;
                updateExtensionConfiguration(c: object): Promise<void>;
              };
            };
          }
        ).chrome.developerPrivate;
        await dp.updateProfileConfiguration({ inDeveloperMode: true });
        await dp.updateExtensionConfiguration({ extensionId: id, incognitoAccess: true });
      }, extensionId);
      const page = await ctx.newPage();
      await waitFor(
        'the reloaded extension',
        async () => {
          try {
            await page.goto(`${session.extensionBase}/privacy.html`);
            return true;
          } catch {
            return undefined;
          }
        },
        20_000,
      );
      extensionPage = { ...control, raw: page, evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never, close: () => page.close() };
    } else {
      // Firefox: reinstall the temporary add-on in place with private-window access (WebDriver
      // BiDi webExtension.install's moz:allowPrivateBrowsing; the pinned UUID stays). A copy,
      // because Firefox reads a temporary add-on's files all session long.
      const pp = raw as PpPage;
      copy = await mkdtemp(join(tmpdir(), 'onlooker-private-'));
      await cp(defaultExtensionDir('firefox'), copy, { recursive: true });
      const bidi = (
        pp.browser() as unknown as { connection: { send(method: string, params: object): Promise<{ result: { extension?: string } }> } }
      ).connection;
      const installed = await bidi.send('webExtension.install', {
        extensionData: { type: 'path', path: copy },
        'moz:allowPrivateBrowsing': true,
      });
      expect(installed.result.extension).toBe(GECKO_ID);
      const page = await pp.browser().newPage();
      page.goto(`${session.extensionBase}/privacy.html`).catch(() => {});
      // Polled by hand: waitForFunction can fail outright while the new document replaces the old.
      await waitFor(
        'the extension page',
        () =>
          page
            .evaluate(() => location.protocol === 'moz-extension:' && document.readyState === 'complete')
            .then(
              (ok) => (ok ? true : undefined),
              () => undefined,
            ),
        20_000,
      );
      extensionPage = { ...control, raw: page, evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never, close: () => page.close() };
    }
    try {
      const allowed = await extensionPage.evaluate(() => chrome.extension.isAllowedIncognitoAccess());
      expect(allowed).toBe(true);

      // The private visit.
      const privateUrl = sites.url('hsts.test', '/?private-window');
      const seen = () => sites.requests.filter((r) => r.host === 'hsts.test' && r.path === '/').length;
      await extensionPage.evaluate(async (url: string) => void (await chrome.windows.create({ incognito: true, url })), privateUrl);
      await waitFor('the private page to load', async () => (seen() > 0 ? true : undefined), 15_000);
      if (firefox) {
        // Spanning mode: the one background saw the private tab (its state says so) yet logs nothing.
        await waitFor('the background to see the private tab', () =>
          extensionPage.evaluate(async (url: string) => {
            const all = await chrome.storage.session.get(null);
            return Object.values(all).some((s) => (s as { url?: string } | null)?.url === url) ? true : undefined;
          }, privateUrl),
        );
      }
      if (!firefox) {
        // Split mode: the private window has its own instance of the extension. It saw the
        // private page (its tab state says so) and its own database holds no visit of it.
        const privateWorker = await waitFor('the extension in the private window', async () => {
          const workers = (raw as PwPage)
            .context()
            .serviceWorkers()
            .filter((w) => w.url().startsWith(session.extensionBase));
          for (const w of workers) if (await w.evaluate(() => chrome.extension.inIncognitoContext).catch(() => false)) return w;
          return undefined;
        });
        const seenThere = await waitFor('the private instance to see the page', () =>
          privateWorker.evaluate(async (url: string) => {
            const tab = (await chrome.tabs.query({})).find((t) => t.url === url && t.incognito);
            if (tab?.id === undefined) return undefined;
            const key = `tab:${tab.id}`;
            const state = (await chrome.storage.session.get(key))[key] as { main?: { host?: string } } | undefined;
            return state?.main?.host;
          }, privateUrl),
        );
        expect(seenThere).toBe('hsts.test');
        await sleep(1500);
        const privateDb = await privateWorker.evaluate(async () => {
          // Only read a database that exists: opening creates one.
          if (!(await indexedDB.databases()).some((d) => d.name === 'onlooker-history')) return { exists: false, hosts: [] as string[] };
          return new Promise<{ exists: boolean; hosts: string[] }>((resolve, reject) => {
            const open = indexedDB.open('onlooker-history');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('visits')) return resolve({ exists: true, hosts: [] });
              const req = db.transaction('visits').objectStore('visits').getAll();
              req.onsuccess = () => resolve({ exists: true, hosts: (req.result as { h: string }[]).map((v) => v.h) });
              req.onerror = () => reject(req.error);
            };
          });
        });
        expect(privateDb.hosts).not.toContain('hsts.test');
      }
      await sleep(1500);

      // A normal visit afterwards: once it is stored, anything the private one queued would be too.
      // Opened in a normal window explicitly: a driver's "new page" may land in the private one.
      const normalTab = await extensionPage.evaluate(
        async (url: string) => {
          const normal = (await chrome.windows.getAll()).find((w) => !w.incognito);
          return (await chrome.tabs.create({ url, ...(normal?.id !== undefined ? { windowId: normal.id } : {}) })).id;
        },
        sites.url('secure.test', '/?after-private'),
      );
      await waitFor(
        'the normal visit to be stored',
        async () => {
          const now = await storedVisits(extensionPage);
          return (now['secure.test'] ?? 0) > (before['secure.test'] ?? 0) ? now : undefined;
        },
        20_000,
      );
      const after = await storedVisits(extensionPage);
      expect(after['hsts.test']).toBeUndefined();
      // Nothing new but the normal visit's host.
      expect(Object.keys(after).filter((h) => !(h in before) && h !== 'secure.test')).toEqual([]);
      if (normalTab !== undefined) await extensionPage.evaluate((id: number) => chrome.tabs.remove(id), normalTab);
    } finally {
      await extensionPage.close().catch(() => {});
      if (copy) await rm(copy, { recursive: true, force: true });
    }
  });
});
