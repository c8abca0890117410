/**
 * Per-event cost of the background: one webRequest event from arrival to updated tab state
 * (translation, state update, badge decision), over 120k synthetic events shaped like a busy
 * browsing session — 1 % main documents, the rest subresources over ~60 hosts, some mixed.
 * Storage writes are coalesced and asynchronous, so they are not on this path.
 */
import { chromiumReport, type ChromiumRequestDetails } from '@/lib/engines/chromium';
import { firefoxReport, type FirefoxSecurityInfo } from '@/lib/engines/firefox';
import { createBadgePainter, type BadgeAction } from '@/lib/state/badge-painter';
import { TabStore, type KeyValueArea } from '@/lib/state/tab-store';
import { PageTracker } from '@/lib/state/tracker';
import firefoxFixture from '../tests/fixtures/engines/firefox-tls13.json';
import { percentile, report } from './stats';

const EVENTS = 120_000;
const BUDGET_MEDIAN_US = 20;

const area: KeyValueArea = { get: async () => ({}), set: async () => undefined, remove: async () => undefined };
const action: BadgeAction = {
  setBadgeText: async () => undefined,
  setBadgeBackgroundColor: async () => undefined,
  setTitle: async () => undefined,
};

function makeEvents(engine: 'chromium' | 'firefox'): ChromiumRequestDetails[] {
  const events: ChromiumRequestDetails[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const tabId = 1 + (i % 8);
    const main = i % 100 === 0;
    const host = main ? `site${i % 500}.test` : `cdn${i % 60}.test`;
    const scheme = !main && i % 97 === 0 ? 'http' : 'https';
    events.push({
      url: `${scheme}://${host}/path/${i}?q=${i}`,
      tabId,
      type: main ? 'main_frame' : i % 3 ? 'image' : 'script',
      ip: `127.0.${i % 250}.${i % 200}`,
      statusCode: 200,
      statusLine: engine === 'firefox' ? 'HTTP/1.1 200 OK' : 'HTTP/1.1 200',
      fromCache: i % 11 === 0,
    });
  }
  return events;
}

async function run(engine: 'chromium' | 'firefox'): Promise<boolean> {
  const store = new TabStore(area, 1_000_000);
  await store.ready;
  const tracker = new PageTracker({ store, engine, now: () => 1, paint: createBadgePainter(action) });
  const events = makeEvents(engine);
  const info = firefoxFixture.securityInfo as FirefoxSecurityInfo;
  const samples = new Float64Array(events.length);
  // Warm-up so the figures describe a running worker, not JIT compilation.
  for (let i = 0; i < 5_000; i++) {
    const d = events[i]!;
    const r = engine === 'chromium' ? chromiumReport(d, 1) : firefoxReport(d, 1, d.type === 'main_frame' ? info : undefined);
    if (d.type === 'main_frame') tracker.mainResponse(d.tabId, r);
    else tracker.subresource(d.tabId, r);
  }
  for (let i = 0; i < events.length; i++) {
    const d = events[i]!;
    const start = performance.now();
    const r =
      engine === 'chromium'
        ? chromiumReport(d, 1)
        : firefoxReport(d, 1, d.type === 'main_frame' || d.type === 'sub_frame' ? info : undefined);
    if (d.type === 'main_frame') tracker.mainResponse(d.tabId, r);
    else tracker.subresource(d.tabId, r);
    samples[i] = (performance.now() - start) * 1000;
  }
  const sorted = Array.from(samples).sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  console.log(
    `${engine}: ${events.length} events, median ${median.toFixed(2)} µs, p95 ${percentile(sorted, 95).toFixed(2)} µs, ` +
      `p99 ${percentile(sorted, 99).toFixed(2)} µs, max ${sorted.at(-1)!.toFixed(1)} µs`,
  );
  return report(`${engine} per-event median`, median, 'µs', BUDGET_MEDIAN_US);
}

const results = [await run('chromium'), await run('firefox')];
process.exit(results.every(Boolean) ? 0 : 1);
