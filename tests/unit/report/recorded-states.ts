/**
 * Tab states built from what the browsers really handed over (tests/fixtures/engines/recorded/*.json,
 * made by `npm run record-fixtures`), passed through the real adapters and the real page state,
 * exactly as the background does on a main-frame response (and, for Chromium's Inspect, on the
 * inspection's result). Built, not stored: there is no copy that could drift from the adapters, and
 * a re-recording changes them with it. Tests that use them read their expected values (names,
 * fingerprints, dates, addresses) from the recording, not from literals.
 */
import ff from '../../fixtures/engines/recorded/firefox.json';
import cw from '../../fixtures/engines/recorded/chromium-webrequest.json';
import cdp from '../../fixtures/engines/recorded/chromium-cdp.json';
import csi from '../../fixtures/engines/recorded/chromium-security-info.json';
import { firefoxReport, type FirefoxCertificate, type FirefoxRequestDetails, type FirefoxSecurityInfo } from '@/lib/engines/firefox';
import { chromiumReport, type ChromiumRequestDetails, type ChromiumWebRequestSecurityInfo } from '@/lib/engines/chromium';
import { inspectedResponseFacts, inspectionTls, type CdpResponse } from '@/lib/engines/chromium-inspect';
import { newPage, PageTracker, TabStore } from '@/lib/state/tracker';
import type { ConnectionReport, TabState, TlsInfo } from '@/lib/report/types';
import { base64ToBytes } from '@/lib/bytes';
import { MapArea } from '../state/fake-area';
import { replayPage } from './recorded-pages';

/** One Firefox recording: the response's details, getSecurityInfo's answer, and (overrides) the leaf-only answer. */
export interface FirefoxRecording {
  details: FirefoxRequestDetails & { timeStamp: number };
  securityInfo: FirefoxSecurityInfo;
  leafOnly?: { certificates: FirefoxCertificate[] };
}

/**
 * The report of a page Firefox blocked, from its recorded onErrorOccurred (a localized sentence,
 * no code): what the background stores for it.
 */
export function firefoxBlockedReport(id: string): ConnectionReport {
  const e = (ff.recordings as unknown as Record<string, { error?: FirefoxRequestDetails & { timeStamp: number } }>)[id]?.error;
  if (!e) throw new Error(`no blocked Firefox recording '${id}'`);
  return firefoxReport(e, e.timeStamp);
}

/** The recording of a matrix site that loaded (a blocked page has no details to build from). */
export function firefoxRecording(id: string): FirefoxRecording {
  const r = (ff.recordings as unknown as Record<string, Partial<FirefoxRecording>>)[id];
  if (!r?.details || !r.securityInfo) throw new Error(`no loaded Firefox recording '${id}'`);
  return r as FirefoxRecording;
}

/** Chromium's recorded onResponseStarted / onErrorOccurred details of a matrix site. */
export function chromiumDetails(id: string): ChromiumRequestDetails & { timeStamp: number } {
  const d = (cw.recordings as unknown as Record<string, ChromiumRequestDetails & { timeStamp: number }>)[id];
  if (!d) throw new Error(`no Chromium webRequest recording '${id}'`);
  return d;
}

/** What the DevTools protocol showed for a matrix site that loaded: the response and the chain. */
export function cdpRecording(id: string): { response: CdpResponse & { responseTime: number }; chain: string[] } {
  const r = (
    cdp.recordings as unknown as Record<
      string,
      { response?: CdpResponse & { responseTime: number }; certificate?: { tableNames: string[] } }
    >
  )[id];
  if (!r?.response?.securityDetails || !r.certificate) throw new Error(`no loaded CDP recording '${id}'`);
  return { response: r.response, chain: r.certificate.tableNames };
}

/**
 * Chromium's webRequest stamps events with fractional milliseconds; the background stamps its
 * reports with `Date.now()`, a whole millisecond.
 */
const wholeMs = (t: number) => Math.floor(t);

/** The report the background makes of a recorded Chromium event (no securityInfo: the default). */
function chromiumRecordedReport(id: string): ConnectionReport {
  const details = chromiumDetails(id);
  return chromiumReport(details, wholeMs(details.timeStamp));
}

/**
 * A site's report with Chromium's WebRequestSecurityInfo feature on: the recorded `securityInfo`
 * (state and leaf; its rawDER stored as base64 is given back as the bytes Chromium hands over),
 * joined to the same site's onResponseStarted details as the background joins them. The two come
 * from two recorded runs of the same Chromium build, one with the feature on.
 */
export function chromiumLiveReport(id: string): ConnectionReport {
  const rec = (
    csi.recordings as unknown as Record<
      string,
      { securityInfo?: ChromiumWebRequestSecurityInfo & { certificates?: { rawDER?: unknown }[] } }
    >
  )[id];
  if (!rec?.securityInfo) throw new Error(`no Chromium securityInfo recording '${id}'`);
  const info: ChromiumWebRequestSecurityInfo = {
    ...rec.securityInfo,
    certificates: (rec.securityInfo.certificates ?? []).map((c) => ({
      ...c,
      rawDER: typeof c.rawDER === 'string' ? base64ToBytes(c.rawDER) : undefined,
    })),
  };
  const details = chromiumDetails(id);
  return chromiumReport(details, wholeMs(details.timeStamp), info);
}

/**
 * The pq.test load as Inspect saw it, from the CDP recording of that same load, through the code
 * inspectTab runs on what it saw. Read once (the fingerprints and DER reading are async): the
 * inspection ends after both recorded events of the load, so its time is the later of the two.
 */
const PQ_INSPECTION: { tls: TlsInfo & { inspectedAt: number }; facts: ReturnType<typeof inspectedResponseFacts> } = await (async () => {
  const { response, chain } = cdpRecording('post-quantum');
  const at = wholeMs(Math.max(response.responseTime, chromiumDetails('post-quantum').timeStamp));
  // The recorder loaded the page with the debugger attached: the path inspectTab calls "reload".
  const tls = await inspectionTls(response.securityDetails!, chain, 'reload', () => at);
  return { tls, facts: inspectedResponseFacts(response) };
})();

/** When the recorded inspection of `chromium-inspected` ended (read from the recording). */
export const RECORDED_INSPECTED_AT = PQ_INSPECTION.tls.inspectedAt;

/**
 * The tab after the user inspected it: the load's webRequest report, then the inspection, both
 * through the real tracker, as the background applies them.
 */
function chromiumInspectedState(): TabState {
  const report = chromiumRecordedReport('post-quantum');
  const store = new TabStore(new MapArea());
  const tracker = new PageTracker({ store, engine: 'chromium', now: () => PQ_INSPECTION.tls.inspectedAt, paint: () => undefined });
  const tabId = chromiumDetails('post-quantum').tabId;
  tracker.mainResponse(tabId, report);
  tracker.inspected(tabId, report.url, structuredClone(PQ_INSPECTION.tls), PQ_INSPECTION.facts);
  const state = store.get(tabId);
  // Flushing into the throw-away area now ends the store's pending write timer with the build.
  void store.flush();
  if (!state) throw new Error('the tracker kept no state for the inspected recording');
  return state;
}

/**
 * Fixture name → how it is built from the recordings. Firefox (getSecurityInfo):
 * `firefox-tls13-test-ca`: secure.test, TLS 1.3 with the test PKI's leaf, intermediate and root.
 * `firefox-overridden-expired`: overridden.test, whose expired certificate the user accepted
 * (Firefox gives an empty chain and, asked again, the leaf). `firefox-tls12-cbc`: cbc.test, TLS 1.2
 * with an AES-CBC suite, chained to the test root. `plain-http`: plain.test/login over HTTP.
 * Chromium (webRequest with default settings, so no securityInfo): `chromium-uninspected`:
 * secure.test before any inspection. `chromium-err-cert`: expired.test, blocked with
 * ERR_CERT_DATE_INVALID (no address: Chromium names none for a blocked load).
 * `chromium-inspected`: pq.test (TLS 1.3, X25519MLKEM768) after Inspect (CDP securityDetails and
 * getCertificate of the same load).
 * Page cases (recorded-pages.ts: a whole load's webRequest events and the page probe, both
 * engines): `firefox-cached` / `chromium-cached`: secure.test/cached (max-age=3600) loaded a
 * second time, from the cache. `firefox-mixed` / `chromium-mixed`: mixed.test/m/all, an HTTPS page
 * with an http:// script, an http:// image and a form posting to http://. `localhost-http`:
 * http://localhost/ on 127.0.0.1, in Chromium. `lan-router-http`: http://192.168.77.1/, a
 * plain-HTTP page on a private LAN address opened by its IP (a router's admin page), in Firefox;
 * `chromium-lan-router-http`: the same page in Chromium.
 * `firefox-proxy`: https://secure.test/ loaded through an HTTP proxy on the LAN
 * (192.168.77.1:3128): every event names the proxy, and the IP Firefox gives is the proxy's.
 * `firefox-private-dns`: https://secure.test/ in a Firefox that resolves names only by DNS over
 * HTTPS (TRR mode 3, the sites' DoH resolver): getSecurityInfo says usedPrivateDns, and nothing
 * else differs from a direct load (usedEch stays false: the server offers no ECH).
 */
const PAGE_STATES: Record<string, TabState> = {
  'firefox-cached': await replayPage('firefox', 'cached', 1),
  'chromium-cached': await replayPage('chromium', 'cached', 1),
  'firefox-mixed': await replayPage('firefox', 'mixed'),
  'chromium-mixed': await replayPage('chromium', 'mixed'),
  'localhost-http': await replayPage('chromium', 'localhost-http'),
  'lan-router-http': await replayPage('firefox', 'lan-http'),
  'chromium-lan-router-http': await replayPage('chromium', 'lan-http'),
  'firefox-proxy': await replayPage('firefox', 'proxy'),
  'firefox-private-dns': await replayPage('firefox', 'private-dns'),
};

const RECORDED: Record<string, () => TabState> = {
  ...Object.fromEntries(Object.entries(PAGE_STATES).map(([name, state]) => [name, () => structuredClone(state)])),
  'firefox-tls13-test-ca': () => firefoxState('tls13'),
  'firefox-overridden-expired': () => firefoxState('overridden'),
  'firefox-tls12-cbc': () => firefoxState('tls12-cbc'),
  'plain-http': () => firefoxState('http-login'),
  'chromium-uninspected': () => chromiumState('tls13'),
  'chromium-err-cert': () => chromiumState('expired'),
  'chromium-inspected': chromiumInspectedState,
};

/** The fixture names built from recordings. */
export const RECORDED_FIXTURES = Object.keys(RECORDED);

function firefoxState(id: string): TabState {
  const { details, securityInfo, leafOnly } = firefoxRecording(id);
  // The adapter copies what it keeps, so tests may edit the state without touching the recording.
  return newPage(details.tabId, firefoxReport(details, details.timeStamp, securityInfo, leafOnly?.certificates));
}

function chromiumState(id: string): TabState {
  return newPage(chromiumDetails(id).tabId, chromiumRecordedReport(id));
}

/** The tab state the background would hold after this recorded response; a fresh object each call. */
export function recordedState(name: string): TabState | undefined {
  return RECORDED[name]?.();
}
