/**
 * Firefox: its webRequest listeners and the translation of what they get (webRequest details +
 * `webRequest.getSecurityInfo`) into a ConnectionReport, handed to the tracker. The translation
 * comes first: pure functions of the browser's objects, tested on recorded ones. The input
 * types below are the fields Firefox really sends (see tests/fixtures/engines for captured
 * objects), declared here so nothing else depends on them.
 *
 * The listeners (the end of this file) subscribe to the gate (./firefox-gate.ts), which holds
 * the real ones and is the only code that calls `getSecurityInfo`: that call works only inside a
 * blocking onHeadersReceived, so the page waits for it, and the gate answers `{}` as soon as it
 * resolves. A plain-HTTP frame has no security info to ask for, so it never waits on the
 * extension (nor on the event page waking up): it comes through the non-blocking
 * onResponseStarted. Translating the answer and updating the tab happen here, in a later task,
 * after the browser has its reply.
 * State: the queue of those deferred hand-overs, in memory for at most one task. Events that
 * arrive meanwhile (other responses, the frame's commit) join or drain the queue first, so the
 * tab sees every event in the order the browser sent it.
 */
import {
  REPORT_VERSION,
  type CertSummary,
  type ConnectionReport,
  type OverriddenError,
  type ProxyInfo,
  type TlsInfo,
} from '@/lib/report/types';
import { httpVersionFromStatusLine, urlParts } from '@/lib/report/url';
import { securityHeaders, type RawHeader } from '@/lib/report/headers';
import type { PageTracker, TabStore } from '@/lib/state/tracker';
import { bytesToBase64 } from '@/lib/bytes';
import { blockedBySecurity, type ErrorKind } from '@/lib/report/error-kinds';
import { dnAttributes } from './dn';
import { withDefined } from '@/lib/optional';
import { ALL_URLS, MAIN_FRAMES, type Relay } from './firefox-gate';

/** The webRequest event fields the adapter reads (onHeadersReceived / onResponseStarted / onErrorOccurred). */
export interface FirefoxRequestDetails {
  url: string;
  tabId: number;
  type: string;
  ip?: string | null;
  fromCache?: boolean;
  statusLine?: string;
  statusCode?: number;
  incognito?: boolean;
  proxyInfo?: { type: string; host: string; port: number; proxyDNS?: boolean } | null;
  error?: string;
}

/** A certificate as `getSecurityInfo` returns it. */
export interface FirefoxCertificate {
  subject: string;
  issuer: string;
  validity?: { start: number; end: number };
  fingerprint?: { sha1?: string; sha256?: string };
  serialNumber?: string;
  isBuiltInRoot?: boolean;
  subjectPublicKeyInfoDigest?: { sha256?: string };
  rawDER?: ArrayLike<number>;
}

/** `webRequest.getSecurityInfo`'s result. */
export interface FirefoxSecurityInfo {
  state: 'insecure' | 'weak' | 'broken' | 'secure';
  errorMessage?: string;
  protocolVersion?: string;
  cipherSuite?: string;
  keaGroupName?: string;
  secretKeyLength?: number;
  signatureSchemeName?: string;
  certificates: FirefoxCertificate[];
  overridableErrorCategory?: string;
  isExtendedValidation?: boolean;
  certificateTransparencyStatus?: string;
  hsts?: boolean;
  weaknessReasons?: string[];
  usedEch?: boolean;
  usedDelegatedCredentials?: boolean;
  usedOcsp?: boolean;
  usedPrivateDns?: boolean;
}

const CT: Record<string, TlsInfo['ct']> = {
  policy_compliant: 'compliant',
  policy_not_enough_scts: 'not-compliant',
  policy_not_diverse_scts: 'not-compliant',
  not_applicable: 'not-applicable',
};

const OVERRIDES: Record<string, OverriddenError> = {
  trust_error: 'trust_error',
  domain_mismatch: 'domain_mismatch',
  expired_or_not_yet_valid: 'expired_or_not_yet_valid',
};

function cert(c: FirefoxCertificate): CertSummary {
  const subject = dnAttributes(c.subject ?? '');
  const issuer = dnAttributes(c.issuer ?? '');
  const out: CertSummary = { subject: c.subject ?? '', issuer: c.issuer ?? '' };
  withDefined(
    out,
    {
      subjectCN: subject.get('CN'),
      subjectOrg: subject.get('O'),
      issuerCN: issuer.get('CN'),
      issuerOrg: issuer.get('O'),
      notBefore: c.validity?.start,
      notAfter: c.validity?.end,
      sha256: c.fingerprint?.sha256?.toUpperCase(),
      serialNumber: c.serialNumber,
      isBuiltInRoot: typeof c.isBuiltInRoot === 'boolean' ? c.isBuiltInRoot : undefined,
      spkiSha256: c.subjectPublicKeyInfoDigest?.sha256,
    },
    { dropEmptyStrings: true },
  );
  if (c.rawDER && c.rawDER.length) out.der = bytesToBase64(c.rawDER);
  return out;
}

/**
 * TLS facts from a security info. `leafOnly` is the certificate list Firefox gives for a
 * user-overridden error (the chain call returns none; a second call returns the leaf).
 */
export function firefoxTls(info: FirefoxSecurityInfo, leafOnly?: FirefoxCertificate[]): TlsInfo {
  const chain = info.certificates?.length ? info.certificates : (leafOnly ?? []);
  const certificates = chain.map(cert);
  const tls: TlsInfo = { certificates, source: 'firefox-security-info' };
  if (info.protocolVersion && info.protocolVersion !== 'unknown') tls.protocol = info.protocolVersion;
  if (info.cipherSuite) tls.cipher = info.cipherSuite;
  if (info.keaGroupName) tls.group = info.keaGroupName;
  if (info.signatureSchemeName) tls.signatureScheme = info.signatureSchemeName;
  if (typeof info.secretKeyLength === 'number') tls.secretKeyLength = info.secretKeyLength;
  if (typeof info.hsts === 'boolean') tls.hsts = info.hsts;
  const ct = info.certificateTransparencyStatus && CT[info.certificateTransparencyStatus];
  if (ct) tls.ct = ct;
  if (typeof info.usedOcsp === 'boolean') tls.ocspUsed = info.usedOcsp;
  if (typeof info.usedEch === 'boolean') tls.ech = info.usedEch;
  if (typeof info.usedPrivateDns === 'boolean') tls.privateDns = info.usedPrivateDns;
  if (typeof info.usedDelegatedCredentials === 'boolean') tls.delegatedCredentials = info.usedDelegatedCredentials;
  if (typeof info.isExtendedValidation === 'boolean') tls.extendedValidation = info.isExtendedValidation;
  if (info.weaknessReasons?.length) tls.weaknessReasons = [...info.weaknessReasons];
  if (info.overridableErrorCategory) {
    tls.overriddenError = OVERRIDES[info.overridableErrorCategory] ?? 'unknown';
  }
  // Firefox marks only the last certificate of a *verified* chain; a lone leaf says nothing.
  const root = info.certificates?.length > 1 ? info.certificates.at(-1) : undefined;
  if (root && typeof root.isBuiltInRoot === 'boolean' && !tls.overriddenError) {
    tls.rootBuiltIn = root.isBuiltInRoot;
  }
  return tls;
}

/** One webRequest event (and, for frames, its security info) → a report. */
export function firefoxReport(
  details: FirefoxRequestDetails,
  time: number,
  info?: FirefoxSecurityInfo,
  leafOnly?: FirefoxCertificate[],
): ConnectionReport {
  const { scheme, host, port } = urlParts(details.url);
  const report: ConnectionReport = { v: REPORT_VERSION, engine: 'firefox', url: details.url, host, scheme, time };
  if (port !== undefined) report.port = port;
  if (details.ip) report.ip = details.ip;
  const httpVersion = httpVersionFromStatusLine(details.statusLine);
  if (httpVersion) report.httpVersion = httpVersion;
  if (typeof details.statusCode === 'number') report.statusCode = details.statusCode;
  if (details.fromCache) report.fromCache = true;
  const proxy = proxyOf(details.proxyInfo);
  if (proxy) report.proxy = proxy;
  if (details.error) {
    report.error = details.error;
    report.errorKind = firefoxErrorKind(details.error, scheme === 'https' || scheme === 'wss');
  }
  if ((scheme === 'https' || scheme === 'wss') && !blockedBySecurity(report)) {
    // A cache hit too: Firefox answers with the security info stored with the cached response
    // (recorded with Firefox 153), which still names this site's certificate.
    if (info && info.state !== 'insecure') {
      report.tls = firefoxTls(info, leafOnly);
    } else {
      report.tlsUnknown = details.fromCache ? 'cached' : 'unavailable';
    }
  }
  return report;
}

/**
 * NSS / mozilla::pkix / necko names → kinds, first match wins. Firefox's webRequest gives
 * network failures as NS_ERROR_… / NS_BINDING_… codes; the NSS names are what its error pages
 * (and the navigation errors of automation) say, matched in case a version reports them.
 */
const ERROR_KINDS: readonly [RegExp, ErrorKind][] = [
  [/^(SEC_ERROR_EXPIRED_(ISSUER_)?CERTIFICATE|MOZILLA_PKIX_ERROR_NOT_YET_VALID_(ISSUER_)?CERTIFICATE)$/, 'cert-expired'],
  [
    /^(SEC_ERROR_UNKNOWN_ISSUER|SEC_ERROR_UNTRUSTED_(ISSUER|CERT)|SEC_ERROR_CA_CERT_INVALID|MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT|MOZILLA_PKIX_ERROR_MITM_DETECTED)$/,
    'cert-untrusted',
  ],
  [/^SSL_ERROR_BAD_CERT_DOMAIN$/, 'cert-name'],
  [/^SEC_ERROR_REVOKED_CERTIFICATE$/, 'cert-revoked'],
  [
    /^(SSL_ERROR_(NO_CYPHER_OVERLAP|UNSUPPORTED_VERSION|PROTOCOL_VERSION_ALERT|HANDSHAKE_FAILURE_ALERT)|NS_ERROR_NET_INADEQUATE_SECURITY)$/,
    'tls-protocol',
  ],
  [/^(SEC_ERROR_|MOZILLA_PKIX_ERROR_)/, 'cert-other'],
  // SSL_ERROR_ names both certificate alerts and handshake failures: which one, unknown.
  [/^SSL_ERROR_/, 'secure-connection-failed'],
  [/^(NS_BINDING_ABORTED|NS_ERROR_ABORT)$/, 'aborted'],
];

/**
 * What a Firefox webRequest `error` means. Security failures usually come as NSS's localized
 * sentence ("Peer’s Certificate has expired.", in the browser's language), not as a code: on an
 * encrypted request any error that is not an NS_ code is a certificate or TLS failure, and the
 * sentence cannot tell reliably which ('secure-connection-failed': a TLS 1.0 server and an
 * expired certificate both end there; calling it a certificate error would be a guess).
 */
export function firefoxErrorKind(error: string, encrypted: boolean): ErrorKind {
  const known = ERROR_KINDS.find(([re]) => re.test(error))?.[1];
  if (known) return known;
  return encrypted && !/^NS_[A-Z_]+/.test(error) ? 'secure-connection-failed' : 'network';
}

function proxyOf(p: FirefoxRequestDetails['proxyInfo']): ProxyInfo | undefined {
  if (!p || p.type === 'direct') return undefined;
  const proxy: ProxyInfo = { type: p.type, host: p.host, port: p.port };
  if (typeof p.proxyDNS === 'boolean') proxy.proxyDns = p.proxyDNS;
  return proxy;
}

// ---- The listeners: webRequest events (and the gate's security answers) → reports → the tracker ----

const isSecureFrame = (d: Details) => (d.type === 'main_frame' || d.type === 'sub_frame') && /^https:/i.test(d.url);

export type Details = FirefoxRequestDetails & { requestId: string };
export interface SecurityAnswer {
  info?: FirefoxSecurityInfo;
  leaf?: FirefoxCertificate[];
}

/** Work to run in a later task, in arrival order; `drain()` runs what is queued now. */
export interface DeferQueue {
  defer(work: () => void): void;
  drain(): void;
  readonly pending: number;
}

export function createDeferQueue(schedule: (run: () => void) => void = (run) => void setTimeout(run, 0)): DeferQueue {
  let queue: (() => void)[] = [];
  const drain = () => {
    const batch = queue;
    queue = [];
    for (const work of batch) work();
  };
  return {
    defer(work) {
      queue.push(work);
      if (queue.length === 1) schedule(drain);
    },
    drain,
    get pending() {
      return queue.length;
    },
  };
}

/**
 * Subscribes to the gate's relay (lib/engines/firefox-gate.ts), which owns the real listeners and
 * the blocking getSecurityInfo call; each answer arrives here just before the browser gets `{}`,
 * and is handed to the tracker in a later task.
 */
export function listenFirefox(store: TabStore, tracker: PageTracker, now: () => number, relay: Relay): void {
  const queue = createDeferQueue();
  /** Applies a report now if the store is loaded, else once it is (in arrival order either way). */
  const apply = (details: Details, report: ReturnType<typeof firefoxReport>) => {
    const run = () => {
      if (details.type === 'main_frame') tracker.mainResponse(details.tabId, report);
      else tracker.subresource(details.tabId, report);
    };
    if (store.loaded) run();
    else void store.ready.then(run);
  };
  /** Keeps arrival order: behind any hand-over still queued, otherwise at once. */
  const inOrder = (work: () => void) => (queue.pending ? queue.defer(work) : work());

  relay.securityAnswers.addListener((details, { info, leaf }) =>
    queue.defer(() => apply(details, firefoxReport(details, now(), info, leaf))),
  );
  // Added before the background's own onCommitted listener, so a frame's response is applied
  // before its commit is (the commit of an unseen response would read as "from cache").
  relay.webNavigation.onCommitted.addListener(() => queue.drain());

  relay.webRequest.onResponseStarted.addListener((raw) => {
    const details = raw as unknown as Details;
    if (details.tabId < 0 || isSecureFrame(details)) return;
    inOrder(() => apply(details, firefoxReport(details, now())));
  }, ALL_URLS);

  // The main document's HSTS / Alt-Svc headers: a listener of its own, non-blocking, so the
  // blocking one stays as small as it is (it asks for no headers and copies none).
  // Firefox passes the headers asked for; the polyfill's types know only the event's options.
  const onResponseStarted = relay.webRequest.onResponseStarted as unknown as {
    addListener(cb: (details: Details & { responseHeaders?: RawHeader[] }) => void, filter: object, spec: string[]): void;
  };
  onResponseStarted.addListener(
    (details) => {
      if (details.tabId < 0) return;
      const headers = securityHeaders(details.responseHeaders, urlParts(details.url).scheme);
      if (!headers) return;
      const run = () => tracker.securityHeaders(details.tabId, details.url, headers);
      inOrder(() => (store.loaded ? run() : void store.ready.then(run)));
    },
    MAIN_FRAMES,
    ['responseHeaders'],
  );

  relay.webRequest.onErrorOccurred.addListener((raw) => {
    const details = raw as unknown as Details;
    if (details.tabId < 0) return;
    inOrder(() => apply(details, firefoxReport(details, now())));
  }, ALL_URLS);
}
