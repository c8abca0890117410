/**
 * The right badge for the right page (issue 14, item 5), in real Chromium and Firefox.
 * One tab switches between http:// and https:// of the same site (secure.test, served by the
 * plain-HTTP server too) many times. Every http:// visit after an https:// one is a downgrade
 * the history records, and its alert arrives when the history is written (up to ~3 s later),
 * usually after the tab has moved on: it must badge that http:// page only, never the https://
 * page that replaced it. Default settings; the sites look remote, as in badge.e2e.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BROWSERS, launch, startSites, waitFor, type Badge, type Session, type TestPage } from './harness.ts';
import { tabState } from './state.ts';

const ROUNDS = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Rows the history has written: visits, and downgrade events (read like the privacy page does). */
function historyCounts(session: Session): Promise<{ visits: number; downgrades: number }> {
  return session.evalInBackground(async () => {
    // Never create the database here (open() without a version would): wait for the extension's.
    const names = await indexedDB.databases();
    if (!names.some((d) => d.name === 'onlooker-history')) return { visits: 0, downgrades: 0 };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('onlooker-history');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      const tx = db.transaction(['visits', 'events'], 'readonly');
      const result = <T>(req: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      const visits = await result(tx.objectStore('visits').count());
      const events = (await result(tx.objectStore('events').getAll())) as { kind: string; host: string }[];
      return { visits, downgrades: events.filter((e) => e.kind === 'https-downgrade' && e.host === 'secure.test').length };
    } finally {
      db.close();
    }
  });
}

/** Hosts of the visits written since `since` (ms), oldest first. */
function visitsSince(session: Session, since: number): Promise<string[]> {
  return session.evalInBackground(async (from) => {
    // Never create the database here (open() without a version would): wait for the extension's.
    if (!(await indexedDB.databases()).some((d) => d.name === 'onlooker-history')) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('onlooker-history');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      const req = db.transaction('visits', 'readonly').objectStore('visits').getAll();
      const rows = await new Promise<{ t: number; h: string }[]>((resolve, reject) => {
        req.onsuccess = () => resolve(req.result as { t: number; h: string }[]);
        req.onerror = () => reject(req.error);
      });
      return rows
        .filter((r) => r.t >= from)
        .sort((a, b) => a.t - b.t)
        .map((r) => r.h);
    } finally {
      db.close();
    }
  }, since);
}

/**
 * Goes `step` entries through the tab's session history (the Back and Forward buttons) and waits
 * until `host` is shown and loaded. The page's `kept` mark says whether the document itself was
 * restored (back-forward cache) rather than loaded again.
 */
async function travel(page: TestPage, step: number, host: string): Promise<{ restored: boolean }> {
  void page.evaluate((n) => history.go(n), step).catch(() => undefined);
  return waitFor(`${host} shown again`, async () => {
    const now = await page
      .evaluate(() => ({ host: location.hostname, ready: document.readyState, kept: (window as { kept?: true }).kept === true }))
      .catch(() => undefined);
    return now?.host === host && now.ready === 'complete' ? { restored: now.kept } : undefined;
  });
}

describe.each(BROWSERS)('badges follow the page, not the previous one (%s)', (browser) => {
  let sites: Awaited<ReturnType<typeof startSites>>;
  let session: Session;
  let httpsUrl: string;
  let httpUrl: string;
  let downgradeText: string;
  /** The badge the https:// page gets on its own (taken on the first visit). */
  let reference: Badge;

  const badge = (tabId: number) => session.badge(tabId);
  const wrongOnHttps = (b: Badge) =>
    b.text !== reference.text || b.title !== reference.title || b.title.includes(downgradeText) ? b : undefined;

  beforeAll(async () => {
    sites = await startSites();
    session = await launch(browser, { rootCA: sites.pki.rootPath, sitesAddress: sites.address });
    httpsUrl = sites.url('secure.test');
    httpUrl = `http://secure.test:${sites.ports.http}/`;
    downgradeText = await session.evalInBackground(() => chrome.i18n.getMessage('alert_https_downgrade'));
    expect(downgradeText).not.toBe('');
    // Two browsers launch per file; on a loaded 2-core machine a launch alone can take minutes.
  }, 240_000);
  afterAll(async () => {
    await session?.close();
    await sites?.close();
  });

  /** The https:// badge once it has settled (the same for a while), for the first visit. */
  async function settledBadge(tabId: number): Promise<Badge> {
    let last = '';
    let since = Date.now();
    return waitFor('a settled badge', async () => {
      const b = await badge(tabId);
      const key = JSON.stringify(b);
      if (key !== last) [last, since] = [key, Date.now()];
      return b.text !== '' && Date.now() - since > 1500 ? b : undefined;
    });
  }

  test(`${ROUNDS} rounds http → https, each https page checked after the history wrote the http visit`, async () => {
    const { tabId, page } = await session.openPage(httpsUrl);
    reference = await settledBadge(tabId);
    expect(reference.text).not.toBe('CHG');
    expect(reference.text).not.toBe('HTTP');
    let navigations = 1;
    for (let round = 1; round <= ROUNDS; round++) {
      await page.goto(httpUrl);
      navigations++;
      await expect.poll(async () => (await badge(tabId)).text, { timeout: 10_000 }).toMatch(/^(HTTP|CHG)$/);
      await page.goto(httpsUrl);
      navigations++;
      // The flush that writes the http visit (and reports its downgrade) has happened now.
      await waitFor('the history write', async () => ((await historyCounts(session)).visits >= navigations ? true : undefined), 15_000);
      for (let i = 0; i < 4; i++) {
        await sleep(150);
        const b = await badge(tabId);
        expect(wrongOnHttps(b), `round ${round}, sample ${i}: ${JSON.stringify(b)}`).toBeUndefined();
      }
      const state = await tabState(session, tabId);
      expect(state?.main?.scheme, `round ${round}`).toBe('https');
      expect(state?.alerts, `round ${round}`).toBeUndefined();
    }
    // The downgrades were really detected (the alerts existed; they went to the right pages).
    expect((await historyCounts(session)).downgrades).toBe(ROUNDS);

    // An http:// page that is still shown when its alert arrives does get it.
    await page.goto(httpUrl);
    navigations++;
    await waitFor('the history write', async () => ((await historyCounts(session)).visits >= navigations ? true : undefined), 15_000);
    await expect.poll(async () => (await badge(tabId)).text, { timeout: 5000 }).toBe('CHG');
    // The stored copy follows the badge within the store's flush delay.
    const state = await waitFor('the stored alert', async () => {
      const s = await tabState(session, tabId);
      return s?.alerts ? s : undefined;
    });
    expect(state.alerts).toEqual([expect.objectContaining({ kind: 'https-downgrade', time: state.nav?.start })]);
    expect((await badge(tabId)).title).toContain(downgradeText);
    await page.close();
  }, 300_000);

  test(`${ROUNDS} quick rounds http → https → http: every badge right as soon as the page shows`, async () => {
    expect(reference, 'the first test takes the reference badge').toBeDefined();
    const { tabId, page }: { tabId: number; page: TestPage } = await session.openPage(httpUrl);
    const wrong: string[] = [];
    /** Waits until the https:// badge is the reference, then samples it; records anything else. */
    const checkHttps = async (label: string, samples: number, gapMs: number) => {
      const seen: string[] = [];
      // A wrong badge stays until the next navigation, so a generous wait (slow machine) hides nothing.
      const ok = await waitFor(
        `${label}: the https badge`,
        async () => {
          const b = await badge(tabId);
          seen.push(b.text);
          return wrongOnHttps(b) ? undefined : true;
        },
        10_000,
      ).catch(() => false);
      if (!ok) wrong.push(`${label}: never ${reference.text}, saw ${[...new Set(seen)].join(',')}`);
      for (let i = 0; i < samples; i++) {
        await sleep(gapMs);
        const b = await badge(tabId);
        if (wrongOnHttps(b)) wrong.push(`${label}: ${b.text} "${b.title}"`);
      }
    };
    for (let round = 1; round <= ROUNDS; round++) {
      await page.goto(httpsUrl);
      await checkHttps(`round ${round}`, 2, 100);
      await page.goto(httpUrl);
      await expect.poll(async () => (await badge(tabId)).text, { timeout: 10_000 }).toMatch(/^(HTTP|CHG)$/);
    }
    // End on https:// and stay through two history writes (each up to ~3 s after a visit).
    await page.goto(httpsUrl);
    await checkHttps('final', 28, 250);
    expect(wrong).toEqual([]);
    await page.close();
  }, 300_000);

  test('Back and Forward: every page shown again is a visit of its own, also when restored from the back-forward cache', async () => {
    const since = Date.now();
    const tls12 = sites.url('tls12.test');
    const { page, tabId } = await session.openPage(httpsUrl);
    const loaded = await waitFor('the first load of secure.test', async () => {
      const s = await tabState(session, tabId);
      return s?.nav && s.main?.ip ? s : undefined;
    });
    await page.evaluate(() => {
      (window as { kept?: true }).kept = true;
    });
    await page.goto(tls12);
    await page.evaluate(() => {
      (window as { kept?: true }).kept = true;
    });
    const back = await travel(page, -1, 'secure.test');
    // The page shown again is the one loaded first: its facts, not "from the browser's cache".
    const shown = await waitFor('secure.test shown again', async () => {
      const s = await tabState(session, tabId);
      return s?.nav && s.nav.start !== loaded.nav!.start && s.main?.host === 'secure.test' ? s : undefined;
    });
    expect(shown.main).toMatchObject({ ip: loaded.main!.ip, scheme: 'https' });
    expect(shown.main?.tlsUnknown).toBe(loaded.main?.tlsUnknown);
    expect(shown.main?.tls?.protocol).toBe(loaded.main?.tls?.protocol);
    const forward = await travel(page, 1, 'tls12.test');
    await travel(page, -1, 'secure.test');
    // Chromium keeps the pages in its back-forward cache by default (what users get); the
    // restored document has the id it had, which is what must not merge it into its first visit.
    if (browser === 'chromium') expect([back.restored, forward.restored]).toEqual([true, true]);
    const expected = ['secure.test', 'tls12.test', 'secure.test', 'tls12.test', 'secure.test'];
    const hosts = await waitFor(
      'five visits',
      async () => {
        const now = await visitsSince(session, since);
        return now.length >= expected.length ? now : undefined;
      },
      15_000,
    ).catch(async () => visitsSince(session, since));
    expect(hosts).toEqual(expected);
    await page.close();
  }, 120_000);
});
