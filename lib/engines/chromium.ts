/**
 * Chromium on every load: its webRequest listeners and the translation of their details into a
 * ConnectionReport, handed to the tracker. What the user's "Inspect" reads through
 * `chrome.debugger` (protocol, cipher, group, chain) is in chromium-inspect.ts.
 *
 * Chromium tells extensions only the IP, status, cache flag and headers of a response (crbug
 * 107793). With the `WebRequestSecurityInfo` feature on (Chromium 144+, off by default),
 * onHeadersReceived also carries `securityInfo`: the state and the LEAF certificate, nothing
 * about the protocol or cipher (tests/fixtures/engines/chromium-webrequest-security-info.json
 * holds real ones). The HTTP version is NOT taken from `statusLine`: Chromium writes "HTTP/1.1"
 * there for HTTP/2 and HTTP/3 responses too.
 *
 * The listeners, all non-blocking (nothing waits on us):
 * - onHeadersReceived with `['securityInfo', 'securityInfoRawDer']`, main documents only: the
 *   leaf certificate and state where the feature is on. Only this event accepts those options
 *   (the others throw), and it has no `ip` / `fromCache`, so its info is parked by request id
 *   and joined to the same request's onResponseStarted, then handed in as `info`.
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
import { REPORT_VERSION, type CertSummary, type ConnectionReport, type TlsInfo } from '@/lib/report/types';
import { securityHeaders, type RawHeader } from '@/lib/report/headers';
import { urlParts } from '@/lib/report/url';
import { bytesToBase64 } from '@/lib/bytes';
import { blockedBySecurity, type ErrorKind } from '@/lib/report/error-kinds';
import type { PageTracker, TabStore } from '@/lib/state/tracker';
import { leafCertFacts } from './chromium-inspect';

/** The webRequest fields the adapter reads. */
export interface ChromiumRequestDetails {
  url: string;
  tabId: number;
  type: string;
  frameId?: number;
  ip?: string;
  fromCache?: boolean;
  statusCode?: number;
  statusLine?: string;
  error?: string;
  /** With `['responseHeaders']` (onResponseStarted): read for main documents only. */
  responseHeaders?: RawHeader[];
}

/**
 * `details.securityInfo` of onHeadersReceived with `['securityInfo', 'securityInfoRawDer']`
 * (w3c/webextensions#882; Chromium feature WebRequestSecurityInfo). Seen in Chromium 156:
 * "secure" with the leaf, "broken" with the leaf after the user clicked through a certificate
 * warning, "insecure" without certificates on plain HTTP.
 */
export interface ChromiumWebRequestSecurityInfo {
  state?: string;
  certificates?: { fingerprint?: { sha256?: string }; rawDER?: ArrayBuffer | ArrayLike<number> }[];
}

/**
 * Chromium's net errors (net/base/net_error_list.h) → kinds, first match wins. ERR_SSL_… are
 * handshake failures except the pinning one, which is about the certificate's key.
 */
const ERROR_KINDS: readonly [RegExp, ErrorKind][] = [
  [/^net::ERR_CERT_DATE_INVALID$/, 'cert-expired'],
  [/^net::ERR_CERT_AUTHORITY_INVALID$/, 'cert-untrusted'],
  [/^net::ERR_CERT_COMMON_NAME_INVALID$/, 'cert-name'],
  [/^net::ERR_CERT_REVOKED$/, 'cert-revoked'],
  [/^net::ERR_SSL_PINNED_KEY_NOT_IN_CERT_CHAIN$/, 'cert-other'],
  [/^net::ERR_SSL_/, 'tls-protocol'],
  [/^net::ERR_(CERT_|BAD_SSL_CLIENT_AUTH_CERT)/, 'cert-other'],
  [/^net::ERR_ABORTED$/, 'aborted'],
  [/^net::ERR_BLOCKED_BY_CLIENT$/, 'blocked'],
];

/** What a Chromium webRequest `error` means; anything unlisted is a network failure. */
export function chromiumErrorKind(error: string): ErrorKind {
  return ERROR_KINDS.find(([re]) => re.test(error))?.[1] ?? 'network';
}

/**
 * One webRequest event → a report. `info` is the `securityInfo` its onHeadersReceived carried
 * (absent with the feature off); without it TLS stays unknown ("not inspected").
 */
export function chromiumReport(details: ChromiumRequestDetails, time: number, info?: ChromiumWebRequestSecurityInfo): ConnectionReport {
  const { scheme, host, port } = urlParts(details.url);
  const report: ConnectionReport = { v: REPORT_VERSION, engine: 'chromium', url: details.url, host, scheme, time };
  if (port !== undefined) report.port = port;
  if (details.ip) report.ip = details.ip;
  if (typeof details.statusCode === 'number' && details.statusCode > 0) report.statusCode = details.statusCode;
  if (details.fromCache) report.fromCache = true;
  if (details.error) {
    report.error = details.error;
    report.errorKind = chromiumErrorKind(details.error);
  }
  const blocked = blockedBySecurity(report);
  if (scheme === 'https' || scheme === 'wss') {
    // A cache hit carries the security info of the response that was cached: still this
    // site's certificate, so it is kept (the popup says "from cache" beside it).
    const tls = info && !blocked ? webRequestTls(info) : undefined;
    if (tls) report.tls = tls;
    else if (!blocked) report.tlsUnknown = details.fromCache ? 'cached' : 'not-inspected';
  }
  if (details.type === 'main_frame' && details.responseHeaders) {
    const headers = securityHeaders(details.responseHeaders, scheme);
    if (headers) report.headers = headers;
  }
  return report;
}

/**
 * "secure" and "broken" (a certificate error the user clicked through) carry the leaf. Chromium
 * does not say which error was overridden, so the category is "unknown", never a guess.
 */
function webRequestTls(info: ChromiumWebRequestSecurityInfo): TlsInfo | undefined {
  if (info.state !== 'secure' && info.state !== 'broken') return undefined;
  const certificates: CertSummary[] = (info.certificates ?? []).map((c) => {
    const summary: CertSummary = { subject: '', issuer: '' };
    if (c.fingerprint?.sha256) summary.sha256 = c.fingerprint.sha256.toUpperCase();
    if (c.rawDER) {
      const bytes = c.rawDER instanceof ArrayBuffer ? new Uint8Array(c.rawDER) : c.rawDER;
      summary.der = bytesToBase64(bytes);
    }
    return summary;
  });
  const tls: TlsInfo = { certificates, source: 'chromium-webrequest' };
  if (info.state === 'broken') tls.overriddenError = 'unknown';
  return tls;
}

// ---- The listeners: webRequest events → reports → the tracker ----

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
