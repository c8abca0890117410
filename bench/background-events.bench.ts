/**
 * Per-event cost of the background: one webRequest event from arrival to updated tab state
 * (translation, state update, badge decision), over 120k synthetic events shaped like a busy
 * browsing session — 1 % main documents, the rest subresources over ~60 hosts, some mixed.
 * Every response carries a realistic header list (what `['responseHeaders']` hands over).
 * Chromium main documents also go through the securityInfo join (the onHeadersReceived park,
 * with Chromium 156's recorded object, and the take); Firefox main documents also through the
 * separate non-blocking headers listener. Storage writes are coalesced and asynchronous, so
 * they are not on this path; nor is the live leaf's DER read, which runs after the event and is
 * reported on its own below.
 */
import {
  chromiumReport,
  createSecurityInfoJoin,
  type ChromiumRequestDetails,
  type ChromiumWebRequestSecurityInfo,
} from '@/lib/engines/chromium';
import { leafCertFacts } from '@/lib/engines/chromium-inspect';
import { securityHeaders } from '@/lib/report/headers';
import { base64ToBytes } from '@/lib/bytes';
import chromiumFixture from '../tests/fixtures/engines/chromium-webrequest-security-info.json';
import { firefoxReport, type FirefoxSecurityInfo } from '@/lib/engines/firefox';
import { createBadgePainter, type BadgeAction } from '@/lib/state/badge-painter';
import { PageTracker, TabStore, type KeyValueArea } from '@/lib/state/tracker';
import firefoxRecorded from '../tests/fixtures/engines/recorded/firefox.json';
import { percentile, report } from './stats';

const EVENTS = 120_000;
const BUDGET_MEDIAN_US = 20;

const area: KeyValueArea = { get: async () => ({}), set: async () => undefined, remove: async () => undefined };
const action: BadgeAction = {
  setBadgeText: async () => undefined,
  setBadgeBackgroundColor: async () => undefined,
  setTitle: async () => undefined,
};

type Event = ChromiumRequestDetails & { requestId: string };

const COMMON_HEADERS = [
  { name: 'content-type', value: 'text/html; charset=utf-8' },
  { name: 'content-length', value: '5120' },
  { name: 'date', value: 'Wed, 02 Dec 2026 06:00:00 GMT' },
  { name: 'cache-control', value: 'max-age=600' },
  { name: 'server', value: 'bench' },
  { name: 'vary', value: 'Accept-Encoding' },
  { name: 'etag', value: '"abc123"' },
];
const MAIN_HEADERS = [
  ...COMMON_HEADERS,
  { name: 'strict-transport-security', value: 'max-age=31536000; includeSubDomains; preload' },
  { name: 'alt-svc', value: 'h3=":443"; ma=86400' },
  { name: 'content-security-policy', value: "default-src 'self'" },
];

const leafDer = chromiumFixture.secure.certificates[0]!.rawDER;
const liveInfo: ChromiumWebRequestSecurityInfo = {
  state: 'secure',
  certificates: [{ fingerprint: chromiumFixture.secure.certificates[0]!.fingerprint, rawDER: base64ToBytes(leafDer)!.buffer }],
};

function makeEvents(engine: 'chromium' | 'firefox'): Event[] {
  const events: Event[] = [];
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
      requestId: String(i),
      responseHeaders: main ? MAIN_HEADERS : COMMON_HEADERS,
    });
  }
  return events;
}

async function run(engine: 'chromium' | 'firefox'): Promise<boolean> {
  const store = new TabStore(area, 1_000_000);
  await store.ready;
  const tracker = new PageTracker({ store, engine, now: () => 1, paint: createBadgePainter(action) });
  const events = makeEvents(engine);
  const info = firefoxRecorded.recordings.tls13.securityInfo as unknown as FirefoxSecurityInfo;
  const join = createSecurityInfoJoin();
  const samples = new Float64Array(events.length);
  /** One event as the listeners handle it (see the listeners in chromium.ts / firefox.ts). */
  const step = (d: Event) => {
    const main = d.type === 'main_frame';
    if (engine === 'chromium') {
      if (main) join.park({ requestId: d.requestId, securityInfo: liveInfo });
      const r = chromiumReport(d, 1, main ? join.take(d, true) : undefined);
      if (main) tracker.mainResponse(d.tabId, r);
      else tracker.subresource(d.tabId, r);
    } else {
      const r = firefoxReport(d, 1, main || d.type === 'sub_frame' ? info : undefined);
      if (main) tracker.mainResponse(d.tabId, r);
      else tracker.subresource(d.tabId, r);
      if (main) {
        const headers = securityHeaders(d.responseHeaders, 'https');
        if (headers) tracker.securityHeaders(d.tabId, d.url, headers);
      }
    }
  };
  // Warm-up so the figures describe a running worker, not JIT compilation.
  for (let i = 0; i < 5_000; i++) step(events[i]!);
  for (let i = 0; i < events.length; i++) {
    const d = events[i]!;
    const start = performance.now();
    step(d);
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

/** The live leaf's DER read (names, validity, key, SPKI hash): once per Chromium main document, after its event. */
async function leafRead(): Promise<void> {
  for (let i = 0; i < 50; i++) await leafCertFacts(leafDer);
  const samples: number[] = [];
  for (let i = 0; i < 500; i++) {
    const start = performance.now();
    await leafCertFacts(leafDer);
    samples.push((performance.now() - start) * 1000);
  }
  const sorted = samples.sort((a, b) => a - b);
  console.log(
    `chromium live leaf read (per main document, off the event path): median ${percentile(sorted, 50).toFixed(1)} µs, p95 ${percentile(sorted, 95).toFixed(1)} µs`,
  );
}

const results = [await run('chromium'), await run('firefox')];
await leafRead();
process.exit(results.every(Boolean) ? 0 : 1);
