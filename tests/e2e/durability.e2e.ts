/**
 * No lost visits (issue 14, item 4), in real Chromium with the built extension: one tab browses
 * 200 plain-HTTP pages, each on a host of its own (d0.test … d199.test, all served by the local
 * sites server), and the extension's service worker is stopped (CDP ServiceWorker.stopWorker)
 * 20 times at seeded random moments 0–40 ms into a navigation — between the commit and the
 * logger's write is where a visit used to be lost. Afterwards the history database, read in the
 * worker, holds exactly one visit row for every page whose events a background listener ran
 * (nothing lost, nothing doubled).
 *
 * Why "whose events a listener ran": Chromium hands the events of a navigation to the worker,
 * starting it if need be. A worker stopped before it has run them (it was started for them
 * moments before, or a busy machine had them still waiting) takes them along, and Chromium does
 * not deliver them again. No extension can keep what never reached it, and once the tab shows
 * the next page no API names the skipped one (short of the `history` permission). E2E builds
 * mark every top-frame commit and completion a listener ran (lib/e2e-tap.ts); a lost page with
 * a mark is Onlooker's loss and fails the test, and one without must have a stop from the
 * navigation before it to two after. The figures are printed; in session 6, 12 runs: 0–5 of 200
 * never-delivered pages (0–1 at load under 6).
 *
 * A stop is of a running worker: when its moment comes while the worker is still stopped from
 * the previous stop, it moves on to the next page (restartServiceWorker would wait for Chromium
 * to start the worker and kill it in the same instant, which only tests the case above).
 *
 * Firefox runs the background as an event page that no driver can stop on command; it unloads
 * itself after `extensions.background.idle.timeout` without events (30 s by default). Set to
 * 4 s here, with a pause after every tenth page until it has unloaded (at most 20 s), the page
 * unloads between navigations about ten times; the test counts how often it saw the page gone
 * (extension.getViews) and checks the same: every visit exactly once. (A timeout below the logger's 3 s flush delay
 * would leave the last visits queued in storage.session until the next wake-up: kept, but not
 * yet in the database when the test looks.)
 */
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { prng as random } from '../fixtures/prng.ts';
import { launch, startSites, waitFor, type Session } from './harness.ts';
import { storedVisits, visitsByHost, type StoredVisit } from './state.ts';

// Smaller runs for trying things out: ONLOOKER_DURABILITY=50,5; other stop moments: ONLOOKER_DURABILITY_SEED=7
const [NAVIGATIONS, STOPS] = (process.env['ONLOOKER_DURABILITY'] ?? '200,20').split(',').map(Number) as [number, number];
const SEED = Number(process.env['ONLOOKER_DURABILITY_SEED'] ?? 14);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The test's own hosts' rows: d<i>.test. */
const ours = (rows: Record<string, number>) => Object.fromEntries(Object.entries(rows).filter(([h]) => /^d\d+\.test$/.test(h)));

/** Visit rows per host and what is still pending (logger queue, commit journal), read in the background. */
async function historyNow(session: Session): Promise<{ rows: Record<string, number>; queued: number; notes: number }> {
  const rows = await visitsByHost(session);
  if (typeof rows === 'string') throw new Error(`The history cannot be read: ${rows}`);
  return {
    rows,
    ...(await session.evalInBackground(async () => {
      const session = await chrome.storage.session.get(null);
      const queue = (session['historyQueue'] as { queue?: unknown[] } | undefined)?.queue ?? [];
      return { queued: queue.length, notes: Object.keys(session).filter((k) => k.startsWith('hv:')).length };
    })),
  };
}

/** The stored visit rows, as they are (to tell how a doubled or lost visit came about). */
async function visitRows(session: Session): Promise<StoredVisit[]> {
  const rows = await storedVisits(session);
  if (typeof rows === 'string') throw new Error(`The history cannot be read: ${rows}`);
  return rows;
}

/**
 * The hosts whose top-frame commit or completion a background listener ran (lib/e2e-tap.ts,
 * E2E builds only): a lost visit of such a host is Onlooker's loss; of any other, the events
 * never reached a listener.
 */
function tappedHosts(session: Session): Promise<Record<string, string[]>> {
  return session.evalInBackground(async () => {
    const all = await chrome.storage.session.get(null);
    const hosts: Record<string, string[]> = {};
    for (const [key, url] of Object.entries(all)) {
      if (!key.startsWith('e2e-tap:') || typeof url !== 'string') continue;
      try {
        const { hostname, hash } = new URL(url);
        (hosts[hostname] ??= []).push(`${key.slice('e2e-tap:'.length)}${hash ? ` ${hash.slice(1)}` : ''}`);
      } catch {
        // not a URL: not a page of this test
      }
    }
    return hosts;
  });
}

/** Waits until nothing is queued or journalled any more (flush delay 3 s; slow machines more). */
async function settled(session: Session): Promise<void> {
  await sleep(4000);
  await waitFor(
    'the queue and the journal to empty',
    async () => {
      const now = await historyNow(session);
      return now.queued === 0 && now.notes === 0 ? true : undefined;
    },
    30_000,
  ).catch(() => undefined);
}

describe('durability (chromium)', () => {
  let sites: Awaited<ReturnType<typeof startSites>>;
  let session: Session;

  beforeAll(async () => {
    sites = await startSites();
    session = await launch('chromium', { rootCA: sites.pki.rootPath, sitesAddress: sites.address });
  });
  afterAll(async () => {
    await session?.close();
    await sites?.close();
  });

  test(`stopping the worker ${STOPS} times during ${NAVIGATIONS} navigations loses and doubles no visit`, async () => {
    const host = (i: number) => `d${i}.test`;
    const url = (i: number) => sites.url('plain.test').replace('plain.test', host(i));
    const rand = random(SEED);
    const stopAt = new Map<number, number>();
    while (stopAt.size < STOPS) stopAt.set(1 + Math.floor(rand() * (NAVIGATIONS - 1)), Math.floor(rand() * 40));

    const started = Date.now();
    const { page: opened } = await session.openPage(url(0));
    // The document committed and parsed is enough; waiting for `load` only slows the run.
    const page = { goto: (to: string) => (opened.raw as PwPage).goto(to, { waitUntil: 'domcontentloaded' }) };
    let stopped = 0;
    /** Planned stops that met a worker not running (still stopped since the previous one), moved to the next page. */
    let deferred = 0;
    const stoppedAt: number[] = [];
    const pending: number[] = [];
    for (let i = 1; i < NAVIGATIONS; i++) {
      if (i % 25 === 0) console.info(`durability: navigation ${i}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (stopAt.has(i)) pending.push(stopAt.get(i)!);
      const delay = pending.shift();
      if (delay === undefined) {
        await page.goto(url(i));
        continue;
      }
      await Promise.all([
        page.goto(url(i)),
        sleep(delay).then(async () => {
          if (!session.serviceWorkerRunning()) {
            deferred += 1;
            pending.unshift(delay);
            return;
          }
          await session.stopServiceWorker();
          stopped += 1;
          stoppedAt.push(i);
        }),
      ]);
    }
    const browsed = Date.now() - started;
    expect(stopped).toBe(STOPS);

    const expected = Object.fromEntries(Array.from({ length: NAVIGATIONS }, (_, i) => [host(i), 1]));
    // Everything the logger accepted is written within its flush delay (3 s) of a running worker.
    await waitFor(
      'every visit to be written',
      async () => {
        const now = await historyNow(session);
        return now.queued === 0 && now.notes === 0 && Object.keys(ours(now.rows)).length >= NAVIGATIONS ? true : undefined;
      },
      30_000,
    ).catch(() => undefined);
    // One more stop and start: a replay of anything left over must not double a visit.
    await session.restartServiceWorker();
    await settled(session);
    const final = await historyNow(session);
    const rows = ours(final.rows);
    const lost = Object.keys(expected).filter((h) => !rows[h]);
    const doubled = Object.entries(rows).filter(([, n]) => n > 1);
    // A lost page whose events a listener ran is Onlooker's loss; the others never reached one.
    const marks = await tappedHosts(session);
    const lostAccepted = lost.filter((h) => marks[h]);
    const undelivered = lost.filter((h) => !marks[h]);
    // Where the stops were, next to what went missing: the events a stop swallowed tell why.
    const index = (h: string) => Number(h.replace(/^d(\d+)\.test$/, '$1'));
    const near = (h: string) => `${h} (stops at ${stoppedAt.filter((n) => Math.abs(n - index(h)) <= 2).join(',') || 'none near'})`;
    console.info(
      `durability: ${NAVIGATIONS} navigations, ${stopped} worker stops (${deferred} moved on: worker not running) in ${(browsed / 1000).toFixed(1)} s; ` +
        `lost ${lost.length} (${lostAccepted.length} after a listener ran, ${undelivered.length} never delivered), doubled ${doubled.length}; ` +
        `queued ${final.queued}, journal ${final.notes}; ` +
        `lost ${lost.map((h) => `${near(h)}${marks[h] ? ` ran: ${marks[h].map((m) => m.split(':')[0]).join('+')}` : ''}`).join(' ') || '-'}; doubled ${doubled.map(([h, n]) => `${near(h)}×${n}`).join(' ') || '-'}`,
    );
    if (lostAccepted.length) {
      // The rows written around the time of each such page's marks: a merge into a neighbour shows here.
      const times = lostAccepted.flatMap((h) => marks[h]!.map((m) => Number(m.split(' ')[0]!.split(':')[2])));
      const around = (await visitRows(session)).filter((v) => times.some((t) => Math.abs(v.t - t) < 3000));
      console.info(
        `durability: marks ${JSON.stringify(Object.fromEntries(lostAccepted.map((h) => [h, marks[h]])))}; rows around ${JSON.stringify(around)}`,
      );
    }
    if (doubled.length)
      console.info(
        `durability: doubled rows ${JSON.stringify((await visitRows(session)).filter((v) => doubled.some(([h]) => h === v.h)))}`,
      );
    // Sanity of the marks themselves: nearly every page's events ran a listener.
    expect(Object.keys(marks).length).toBeGreaterThanOrEqual(NAVIGATIONS - STOPS);
    // Nothing a listener ran for may be lost, nothing doubled. Found this way and fixed: a
    // completion taken for a page's start made the previous page's late completion look older
    // (session 6); a queue left by a stopped worker waited for the next page (session 8, seed
    // 46); a stop between a commit's mark and its journal note (session 9: seed 42 lost d49,
    // a CI run d51, each with only its commit mark) — the note is now the listener's first call;
    // a completion delivered after the next page's response had replaced the tab's state
    // (session 10, seed 46 lost d39, marks complete+judged) — now a visit if its document is new.
    expect(lostAccepted, `lost after a listener ran: ${lostAccepted.map(near).join(' ')}`).toEqual([]);
    expect(doubled, `doubled: ${doubled.map(([h, n]) => `${near(h)}×${n}`).join(' ')}`).toEqual([]);
    // Events Chromium never delivered go with a stop: the page's own or the next two navigations'
    // (its events were still queued when the worker went), or the one before it (a stop asked for
    // during page n is still under way when n+1's events come: session 8, seed 31, 88 ms a page,
    // lost d147 with a stop at 146 and none after it until 150). A page lost with none there is not this.
    const unexplained = undelivered.filter((h) => !stoppedAt.some((n) => n >= index(h) - 1 && n <= index(h) + 2));
    expect(unexplained, `lost with no stop from the navigation before to two after: ${unexplained.map(near).join(' ')}`).toEqual([]);
    expect(final).toMatchObject({ queued: 0, notes: 0 });
  }, 900_000);
});

describe('durability (firefox event page)', () => {
  const NAVS = Math.min(NAVIGATIONS, 100);
  let sites: Awaited<ReturnType<typeof startSites>>;
  let session: Session;

  beforeAll(async () => {
    sites = await startSites();
    session = await launch('firefox', {
      rootCA: sites.pki.rootPath,
      sitesAddress: sites.address,
      firefoxPrefs: { 'extensions.background.idle.timeout': 4000 },
    });
  }, 300_000);
  afterAll(async () => {
    await session?.close();
    await sites?.close();
  });

  test(`an event page that unloads while ${NAVS} pages are browsed loses and doubles no visit`, async () => {
    const host = (i: number) => `d${i}.test`;
    const url = (i: number) => sites.url('plain.test').replace('plain.test', host(i));
    /** Whether the event page is loaded now; asking does not wake it. */
    const loaded = () =>
      session.evalInBackground(() =>
        // Firefox's getViews() knows no "background" type; unfiltered it lists the event page while it is loaded.
        (chrome.extension as unknown as { getViews(): Window[] }).getViews().some((w) => /background/.test(w.location.pathname)),
      );
    const rand = random(SEED);
    const { page: opened } = await session.openPage(url(0));
    const page = opened.raw as PpPage;
    let unloaded = 0;
    const started = Date.now();
    for (let i = 1; i < NAVS; i++) {
      await page.goto(url(i), { waitUntil: 'domcontentloaded' });
      if (i % 10 === 0) {
        // Every tenth page a pause until the idle timeout has unloaded it: the logger's flush
        // (3 s after the last visit) counts as activity, and a loaded machine stretches both.
        const gone = await waitFor('the event page to unload', async () => ((await loaded()) ? undefined : true), 20_000).catch(
          () => false,
        );
        if (gone) unloaded += 1;
        continue;
      }
      // Short pauses keep it loaded.
      await sleep(Math.floor(rand() * 400));
      if (!(await loaded())) unloaded += 1;
    }
    const browsed = Date.now() - started;
    await waitFor(
      'every visit to be written',
      async () => (Object.keys(ours((await historyNow(session)).rows)).length >= NAVS ? true : undefined),
      30_000,
    ).catch(() => undefined);
    await settled(session);
    const final = await historyNow(session);
    const rows = ours(final.rows);
    const expected = Object.fromEntries(Array.from({ length: NAVS }, (_, i) => [host(i), 1]));
    const lost = Object.keys(expected).filter((h) => !rows[h]);
    const doubled = Object.entries(rows).filter(([, n]) => n > 1);
    console.info(
      `durability (firefox): ${NAVS} navigations in ${(browsed / 1000).toFixed(1)} s, event page seen unloaded ${unloaded} times; ` +
        `lost ${lost.length}, doubled ${doubled.length}; queued ${final.queued}, journal ${final.notes}`,
    );
    expect(unloaded).toBeGreaterThan(0);
    expect({ lost, doubled }).toEqual({ lost: [], doubled: [] });
    expect(rows).toEqual(expected);
  }, 900_000);
});
