/**
 * Chromium's webRequest listeners: all non-blocking; nothing waits on us.
 *
 * - onHeadersReceived with `['securityInfo', 'securityInfoRawDer']`, main documents only: the
 *   leaf certificate and state where the `WebRequestSecurityInfo` feature is on. Only this event
 *   accepts those options (the others throw), and it has no `ip` / `fromCache`, so its info is
 *   parked by request id and joined to the same request's onResponseStarted.
 * - onResponseStarted: IP, cache flag, status; for main documents (a listener of their own,
 *   with `['responseHeaders']`) the HSTS / Alt-Svc headers too. One translation and one
 *   in-memory update per request.
 * - onErrorOccurred: failed loads (certificate errors block before any headers).
 *
 * State: the parked security infos, in memory only, for the few milliseconds between the two
 * events of a request (bounded; a worker stopped in between loses one, which then reads "not
 * inspected" like a browser without the feature), and what the feature detection has seen.
 */
import { browser } from 'wxt/browser';
import type { CertSummary } from '@/lib/report/types';
import type { PageTracker, TabStore } from '@/lib/state/tracker';
import { chromiumReport, type ChromiumRequestDetails, type ChromiumWebRequestSecurityInfo } from './chromium';
import { leafCertFacts } from './chromium-inspect';

const ALL = { urls: ['<all_urls>'] };
const MAIN = { urls: ['<all_urls>'], types: ['main_frame'] };
/** The two onHeadersReceived options of w3c/webextensions#882, as Chromium spells them. */
export const SECURITY_INFO_SPEC = ['securityInfo', 'securityInfoRawDer'];
/** A request parks its info for one event hop; more than this many in flight means leftovers. */
const MAX_PARKED = 64;

type Details = ChromiumRequestDetails & { requestId: string; securityInfo?: ChromiumWebRequestSecurityInfo };
type Listener = (details: Details) => void;
interface WebRequestEvent {
  addListener(cb: Listener, filter: { urls: string[]; types?: string[] }, extraInfoSpec?: string[]): void;
}

/**
 * Whether this browser hands out `securityInfo`, as learned from real events — the only way to
 * know: with the feature off Chromium accepts the listener (no throw, `hasListener` true) and
 * then never calls it, so neither try/catch nor the enums tell. With the feature on, every
 * http(s) response's onHeadersReceived carries the field. So: "on" once an event carried it;
 * "off" once an HTTPS main document reached onResponseStarted without it having been parked
 * first (onHeadersReceived always precedes onResponseStarted of the same request); "unknown"
 * before any main document.
 */
export type SecurityInfoSupport = 'on' | 'off' | 'unknown';

export interface SecurityInfoJoin {
  /** onHeadersReceived: parks the request's info (the event's `securityInfo`). */
  park(details: { requestId: string; securityInfo?: ChromiumWebRequestSecurityInfo }): void;
  /**
   * onResponseStarted / onErrorOccurred: the parked info, removed. `response` is true for
   * onResponseStarted, the one event that proves the headers arrived (a blocked certificate
   * error has no onHeadersReceived, so its error event proves nothing).
   */
  take(
    details: { requestId: string; url: string; type: string; fromCache?: boolean },
    response: boolean,
  ): ChromiumWebRequestSecurityInfo | undefined;
  readonly support: SecurityInfoSupport;
  readonly parked: number;
}

export function createSecurityInfoJoin(limit = MAX_PARKED): SecurityInfoJoin {
  const parked = new Map<string, ChromiumWebRequestSecurityInfo>();
  let support: SecurityInfoSupport = 'unknown';
  return {
    park({ requestId, securityInfo }) {
      // With the feature off the listener may still fire (when another onHeadersReceived
      // listener exists) but without the field: that alone is not proof either way.
      if (!securityInfo) return;
      support = 'on';
      // A redirect's onHeadersReceived parks under the same id; the final response replaces it.
      parked.delete(requestId);
      parked.set(requestId, securityInfo);
      if (parked.size > limit) parked.delete(parked.keys().next().value!);
    },
    take({ requestId, url, type, fromCache }, response) {
      const info = parked.get(requestId);
      if (info) parked.delete(requestId);
      // Disk-cache hits carry it too when on; a memory-cache hit may skip onHeadersReceived.
      else if (response && support === 'unknown' && type === 'main_frame' && !fromCache && url.startsWith('https:')) support = 'off';
      return info;
    },
    get support() {
      return support;
    },
    get parked() {
      return parked.size;
    },
  };
}

/**
 * Registers the securityInfo listener. A browser that does not know the options at all (before
 * Chromium 144) throws; that browser simply has no securityInfo. A browser that knows them but
 * has the feature off does not throw: the join's detection tells that case.
 */
export function addSecurityInfoListener(event: WebRequestEvent, cb: Listener): boolean {
  try {
    event.addListener(cb, MAIN, SECURITY_INFO_SPEC);
    return true;
  } catch {
    return false;
  }
}

export interface ChromiumListenerHooks {
  /** The main document's certificate facts were read after its state was stored (history re-logs). */
  leafRead?: (tabId: number) => void;
}

export function listenChromium(
  store: TabStore,
  tracker: PageTracker,
  now: () => number,
  hooks: ChromiumListenerHooks = {},
  join: SecurityInfoJoin = createSecurityInfoJoin(),
): SecurityInfoJoin {
  const handle = (details: Details, response: boolean) => {
    const info = details.type === 'main_frame' ? join.take(details, response) : undefined;
    if (details.tabId < 0) return;
    const report = chromiumReport(details, now(), info);
    const apply = () => {
      if (details.type === 'main_frame') tracker.mainResponse(details.tabId, report);
      else tracker.subresource(details.tabId, report);
    };
    if (store.loaded) apply();
    else void store.ready.then(apply);
    const leaf = report.tls?.certificates[0];
    if (details.type === 'main_frame' && leaf?.der && leaf.sha256) void readLeaf(details.tabId, report.url, report.time, leaf);
  };
  // The names, issuer, validity and key behind the fingerprint, for the badge's verdict, the
  // history's certificate and its change detection. Off the event's path: read after the report
  // is stored, with the small DER reader (no x509), main documents only.
  const readLeaf = async (tabId: number, url: string, time: number, leaf: CertSummary) => {
    const facts = await leafCertFacts(leaf.der!);
    if (!facts) return;
    await store.ready;
    if (tracker.leafRead(tabId, { url, time, sha256: leaf.sha256! }, facts)) hooks.leafRead?.(tabId);
  };
  const webRequest = browser.webRequest as unknown as {
    onHeadersReceived: WebRequestEvent;
    onResponseStarted: WebRequestEvent;
    onErrorOccurred: WebRequestEvent;
  };
  addSecurityInfoListener(webRequest.onHeadersReceived, (details) => join.park(details));
  // Headers only for main documents (HSTS, Alt-Svc): copying every subresource's headers into
  // the worker would cost each page with many resources for nothing.
  webRequest.onResponseStarted.addListener((details) => handle(details, true), MAIN, ['responseHeaders']);
  webRequest.onResponseStarted.addListener((details) => details.type === 'main_frame' || handle(details, true), ALL);
  webRequest.onErrorOccurred.addListener((details) => handle(details, false), ALL);
  return join;
}
