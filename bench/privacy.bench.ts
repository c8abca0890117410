/**
 * The privacy-history page with a real volume of history, in real Chromium (headless, the
 * built extension, through the e2e harness):
 *  - 100k synthetic visits (tests/fixtures/history-size.ts: ~2000 hosts with a long tail, certificates
 *    renewed every 60 days with real-sized DER) are written through the logger's own write path,
 *    inside the extension's origin, into the database the page reads;
 *  - first paint: navigation start → the page's root says data-ready="true" (first page of
 *    visits rendered), read as `window.__onlookerFirstPaint` (performance.now() at that
 *    commit), median of 10 loads;
 *  - filter: a change of a filter control (typing in the search box, the verdict menu, "plain
 *    HTTP only", sort) → the new query's rows are in the DOM (the list container's
 *    data-rendered-at), measured in the page with performance.now(), median of 20;
 *  - bytes per visit: tests/fixtures/history-size.ts's model over the real database, and the browser's own
 *    navigator.storage.estimate() (its IndexedDB part) growth divided by the visits written: what
 *    the disk really holds. Chromium's LevelDB keeps fresh writes in a log and compacts them in
 *    the background and on closing (see settledUsage), so the estimate is read once compacted.
 * Budgets (issue 5): first paint ≤ 500 ms, filter ≤ 100 ms, ≤ 300 B per visit (the data layer's
 * size model, measured over the real database; the on-disk figure is printed beside it).
 *
 * The seeding code is bundled here with esbuild and evaluated in the extension page (CDP
 * evaluation is not subject to the page's CSP): nothing test-only ships in the product.
 */
import type { Page } from 'playwright-core';
import { launch, startSites, type Session } from '../tests/e2e/harness';
import { buildExtensionCopy, pageScript } from './extension-page';
import { percentile, report } from './stats';

/**
 * Navigations to simulate: one in ten is a reload that adds no row, so 111,111 navigations
 * store ~100k visit rows (as tests/unit/history/size.test.ts counts them). 2000 hosts per 100k
 * rows, scaled for a smaller PRIVACY_BENCH_VISITS.
 */
const VISITS = Number(process.env.PRIVACY_BENCH_VISITS ?? 111_111);
const HOSTS = Math.round((VISITS * 2000) / 111_111);
const LOADS = 10;
const BUDGET_FIRST_PAINT_MS = 500;
const BUDGET_FILTER_MS = 100;
const BUDGET_BYTES_PER_VISIT = 300;

/** The seeding and measuring functions, as a script for the extension page. */
function inPageScript(): Promise<string> {
  return pageScript(`
        import { HistoryDb } from '@/lib/history/schema';
        import { fillHistory, measureBytesPerVisit, syntheticVisits } from '@/tests/fixtures/history-size';
        globalThis.__privacyBench = {
          async seed(n, hosts) {
            const db = new HistoryDb();
            const before = (await navigator.storage.estimate()).usageDetails?.indexedDB ?? 0;
            const start = performance.now();
            // Visits end now and span 80 days, inside the default 90-day retention.
            await fillHistory(db, syntheticVisits(n, { end: Date.now(), days: 80, hosts }), 2000);
            const ms = performance.now() - start;
            const visits = await db.visits.count();
            db.close();
            return { visits, ms, before };
          },
          async measure() {
            const db = new HistoryDb();
            const size = await measureBytesPerVisit(db);
            db.close();
            return { size };
          },
        };
      `);
}

interface Bench {
  seed(n: number, hosts: number): Promise<{ visits: number; ms: number; before: number }>;
  measure(): Promise<{ size: { visits: number; perVisit: { values: number; keys: number; total: number } } }>;
}
declare global {
  /** Set by the injected seeding script. */
  var __privacyBench: Bench | undefined;
  // Declared (and set) by components/privacy/PrivacyHistoryApp.tsx, which this file does not import.
  interface Window {
    __onlookerFirstPaint?: number;
  }
}

async function openPrivacy(page: Page, base: string): Promise<number> {
  await page.goto(`${base}/privacy.html`);
  await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
  return page.evaluate(() => window.__onlookerFirstPaint ?? NaN);
}

/** One filter change, applied to the real controls; resolves the in-page latency in ms. */
type FilterStep = { kind: 'text'; value: string } | { kind: 'select'; id: string; value: string } | { kind: 'check'; id: string };

async function applyFilter(page: Page, step: FilterStep): Promise<{ ms: number; countMs: number; total: number }> {
  return page.evaluate(async (s: FilterStep) => {
    const body = document.querySelector<HTMLElement>('.visits-body')!;
    const before = body.dataset['query'];
    const t0 = performance.now();
    if (s.kind === 'text') {
      const input = document.querySelector<HTMLInputElement>('#f-text')!;
      input.value = s.value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    } else if (s.kind === 'select') {
      const select = document.querySelector<HTMLSelectElement>(`#${s.id}`)!;
      select.value = s.value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    } else {
      document.querySelector<HTMLInputElement>(`#${s.id}`)!.click();
    }
    const until = <T>(what: string, get: () => T | undefined) =>
      new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what} of ${JSON.stringify(s)}`)), 30_000);
        const check = () => {
          const v = get();
          if (v !== undefined) {
            clearTimeout(timer);
            resolve(v);
          } else requestAnimationFrame(check);
        };
        check();
      });
    // Rows: the container names the new query and was stamped after this change.
    const renderedAt = await until('the rows', () => {
      const at = Number(body.dataset['renderedAt']);
      return body.dataset['query'] !== before && at >= t0 ? at : undefined;
    });
    // Then the total (counted after the rows), so the next change starts from a quiet page.
    const key = body.dataset['query'];
    const countedAt = await until('the count', () => {
      const [k, at] = (body.dataset['countedAt'] ?? '').split(' ');
      return k === key && Number(at) >= t0 ? Number(at) : undefined;
    });
    const total = Number(document.querySelector('.result-count')?.getAttribute('data-total') ?? NaN);
    return { ms: renderedAt - t0, countMs: countedAt - t0, total };
  }, step);
}

/**
 * The IndexedDB usage once Chromium has compacted the database. Its LevelDB keeps fresh writes
 * in a log and overwritten rows until compaction, which Chromium runs shortly after the last
 * connection to the database closes. So: leave the page (closing its connection), wait, read
 * the estimate from a page that does not open the database (the popup), and repeat until the
 * figure stops changing.
 */
async function settledUsage(page: Page, base: string): Promise<{ first: number; settled: number; waitedS: number }> {
  const read = async () => {
    await page.goto(`${base}/popup.html`);
    // usageDetails is Chromium's, not in the standard StorageEstimate type.
    type Estimate = StorageEstimate & { usageDetails?: { indexedDB?: number } };
    return page.evaluate(async () => ((await navigator.storage.estimate()) as Estimate).usageDetails?.indexedDB ?? 0);
  };
  const first = await read();
  let last = first;
  const start = Date.now();
  while (Date.now() - start < 180_000) {
    await page.goto('about:blank');
    await new Promise((r) => setTimeout(r, 10_000));
    const now = await read();
    if (now === last) break;
    last = now;
  }
  return { first, settled: last, waitedS: Math.round((Date.now() - start) / 1000) };
}

const FILTERS: FilterStep[] = [
  { kind: 'select', id: 'f-verdict', value: 'http' },
  { kind: 'select', id: 'f-verdict', value: 'weak' },
  { kind: 'select', id: 'f-verdict', value: 'secure' },
  { kind: 'select', id: 'f-verdict', value: '' },
  { kind: 'text', value: 'n' },
  { kind: 'text', value: 'ne' },
  { kind: 'text', value: 'new' },
  { kind: 'text', value: 'news' },
  { kind: 'text', value: 'news1' },
  { kind: 'text', value: '' },
  { kind: 'text', value: 'shop' },
  { kind: 'text', value: 'www' },
  { kind: 'text', value: '' },
  { kind: 'check', id: 'f-http' },
  { kind: 'check', id: 'f-http' },
  { kind: 'select', id: 'f-sort', value: 'time-asc' },
  { kind: 'select', id: 'f-sort', value: 'time-desc' },
  { kind: 'select', id: 'f-verdict', value: 'weak' },
  { kind: 'text', value: 'bank' },
  { kind: 'select', id: 'f-verdict', value: '' },
];

async function main(): Promise<boolean> {
  const extensionDir = buildExtensionCopy('privacy-extension');
  const script = await inPageScript();
  // Loopback (Onlooker judges it "local"): no root needed, and figures stay comparable with earlier runs.
  const sites = await startSites({ network: 'loopback' });
  let session: Session | undefined;
  try {
    session = await launch('chromium', { rootCA: sites.pki.rootPath, sitesAddress: sites.address, extensionDir });
    const { page: testPage } = await session.openPage(`${session.extensionBase}/privacy.html`);
    const page = testPage.raw as Page;
    await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });

    await page.evaluate(script);
    console.log(`seeding ${VISITS} navigations over ${HOSTS} hosts…`);
    const seeded = await page.evaluate(([n, hosts]: number[]) => globalThis.__privacyBench!.seed(n!, hosts!), [VISITS, HOSTS]);
    console.log(`seeded ${seeded.visits} visit rows in ${(seeded.ms / 1000).toFixed(1)} s`);

    const paints: number[] = [];
    for (let i = 0; i < LOADS; i++) paints.push(await openPrivacy(page, session.extensionBase));
    const rows = await page.evaluate(() => document.querySelectorAll('.visit-list [role="listitem"] a').length);
    await page.waitForSelector('.result-count[data-total]', { timeout: 30_000 });
    const total = await page.evaluate(() => document.querySelector('.result-count')?.getAttribute('data-total'));
    console.log(`first paint per load (ms): ${paints.map((p) => p.toFixed(0)).join(', ')}; ${rows} rows in the DOM of ${total}`);

    const filterMs: number[] = [];
    const countMs: number[] = [];
    console.log('filter change → rows rendered (→ total counted):');
    for (const step of FILTERS) {
      const r = await applyFilter(page, step);
      filterMs.push(r.ms);
      countMs.push(r.countMs);
      console.log(
        `  ${JSON.stringify(step).padEnd(52)} ${r.ms.toFixed(1).padStart(7)} ms  (${r.countMs.toFixed(0).padStart(5)} ms)  ${r.total} visits`,
      );
    }

    // Scrolling deep: the rows of the middle of the list are read on demand.
    const scrollMs = await page.evaluate(async () => {
      const list = document.querySelector<HTMLElement>('.visit-list')!;
      const t0 = performance.now();
      list.scrollTop = list.scrollHeight / 2;
      return new Promise<number>((resolve) => {
        const check = () => {
          const loaded = [...list.querySelectorAll('[role="listitem"]')].filter((el) => el.querySelector('a')).length;
          const loading = list.querySelectorAll('.is-loading').length;
          if (loaded > 10 && loading === 0) resolve(performance.now() - t0);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    });

    await page.evaluate(script);
    const measured = await page.evaluate(() => globalThis.__privacyBench!.measure());
    const usage = await settledUsage(page, session.extensionBase);
    const diskPerVisit = (usage.settled - seeded.before) / seeded.visits;

    const sortedPaint = [...paints].sort((a, b) => a - b);
    const sortedFilter = [...filterMs].sort((a, b) => a - b);
    const sortedCount = [...countMs].sort((a, b) => a - b);
    console.log(
      `\nfirst paint: median ${percentile(sortedPaint, 50).toFixed(1)} ms, max ${sortedPaint.at(-1)!.toFixed(1)} ms (${LOADS} loads)` +
        `\nfilter: median ${percentile(sortedFilter, 50).toFixed(1)} ms, p90 ${percentile(sortedFilter, 90).toFixed(1)} ms, max ${sortedFilter.at(-1)!.toFixed(1)} ms (${FILTERS.length} changes)` +
        `\ntotal counted after a filter: median ${percentile(sortedCount, 50).toFixed(1)} ms, max ${sortedCount.at(-1)!.toFixed(1)} ms (after the rows; not on the paint path)` +
        `\nscroll to the middle of ${total} rows: ${scrollMs.toFixed(1)} ms until its rows were rendered` +
        `\nbytes per visit: model ${measured.size.perVisit.total} (values ${measured.size.perVisit.values} + keys ${measured.size.perVisit.keys}); ` +
        `navigator.storage.estimate() growth ${diskPerVisit.toFixed(1)} B/visit once compacted ` +
        `(${((usage.settled - seeded.before) / 1e6).toFixed(1)} MB after ${usage.waitedS} s; ${((usage.first - seeded.before) / seeded.visits).toFixed(1)} B/visit before compaction)`,
    );
    const ok = [
      report('first paint median (100k visits)', percentile(sortedPaint, 50), 'ms', BUDGET_FIRST_PAINT_MS),
      report('filter median (100k visits)', percentile(sortedFilter, 50), 'ms', BUDGET_FILTER_MS),
      report('bytes per visit (size model)', measured.size.perVisit.total, 'B', BUDGET_BYTES_PER_VISIT),
    ];
    // Not a budget: it depends on when LevelDB compacts (seen: ~310-330 B minutes after a bulk
    // write, 272 B half an hour later). Printed so a regression in real bytes is seen.
    console.log(`info bytes per visit on disk (storage.estimate growth): ${diskPerVisit.toFixed(1)} B`);
    return ok.every(Boolean);
  } finally {
    await session?.close();
    await sites.close();
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
