/**
 * Chromium adapter: webRequest details and DevTools-protocol objects → ConnectionReport.
 *
 * Chromium tells extensions only the IP, status, cache flag and headers of a response (crbug
 * 107793). TLS details come from `chrome.debugger` when the user asks (chromium-inspect.ts). With
 * the `WebRequestSecurityInfo` feature on (Chromium 144+, off by default), onHeadersReceived also
 * carries `securityInfo`: the state and the LEAF certificate, nothing about the protocol or
 * cipher (tests/fixtures/engines/chromium-webrequest-security-info.json holds real ones). The
 * listeners join it to onResponseStarted by request id and hand it in as `info`.
 * The HTTP version is NOT taken from `statusLine`: Chromium writes "HTTP/1.1" there for
 * HTTP/2 and HTTP/3 responses too.
 */
import { REPORT_VERSION, type CertSummary, type ConnectionReport, type TlsInfo } from '@/lib/report/types';
import { securityHeaders, type RawHeader } from '@/lib/report/headers';
import { httpVersionFromAlpn, urlParts } from '@/lib/report/url';
import { bytesToBase64 } from '@/lib/bytes';
import { dnAttributes } from './dn';
import { withDefined } from '@/lib/optional';
import { signatureSchemeName } from '@/lib/report/crypto-names';
import { blockedBySecurity, type ErrorKind } from '@/lib/report/error-kinds';

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

/** `Network.Response.securityDetails` from the DevTools protocol. */
export interface CdpSecurityDetails {
  protocol?: string;
  keyExchange?: string;
  keyExchangeGroup?: string;
  cipher?: string;
  mac?: string;
  subjectName?: string;
  sanList?: string[];
  issuer?: string;
  validFrom?: number;
  validTo?: number;
  signedCertificateTimestampList?: unknown[];
  certificateTransparencyCompliance?: string;
  serverSignatureAlgorithm?: number;
  encryptedClientHello?: boolean;
}

/** The parts of `Network.Response` the inspection keeps. */
export interface CdpResponse {
  url: string;
  protocol?: string;
  remoteIPAddress?: string;
  remotePort?: number;
  securityState?: string;
  securityDetails?: CdpSecurityDetails;
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

/** "TLS 1.3" → "TLSv1.3"; "QUIC" stays as is (it carries TLS 1.3). */
export function normaliseProtocol(protocol: string | undefined): string | undefined {
  if (!protocol) return undefined;
  const match = /^TLS\s*v?(\d\.\d)$/i.exec(protocol.trim());
  return match ? `TLSv${match[1]}` : protocol;
}

const CT: Record<string, TlsInfo['ct']> = {
  compliant: 'compliant',
  'not-compliant': 'not-compliant',
  unknown: 'unknown',
};

/**
 * What a DER reader found in one certificate of an inspected chain: CDP names only the leaf's
 * CN and its issuer's CN, but change detection needs the issuing organisation and the verdict
 * the signature and key.
 */
export interface ChainCertFacts {
  subject: string;
  issuer: string;
  subjectCN?: string;
  subjectOrg?: string;
  issuerCN?: string;
  issuerOrg?: string;
  signatureAlgorithm?: string;
  publicKeyAlgorithm?: string;
  publicKeyBits?: number;
  /** SHA-256 of the SubjectPublicKeyInfo, base64 (CertSummary.spkiSha256). */
  spkiSha256?: string;
}

/**
 * An inspection's facts → TlsInfo. `chainDer` is `Network.getCertificate`'s list (leaf first,
 * base64); `fingerprints` their SHA-256 in the same order (computed with WebCrypto); `facts`
 * what the light DER reader found in each, where it could read it.
 */
export function chromiumInspectedTls(
  details: CdpSecurityDetails,
  chainDer: readonly string[],
  fingerprints: readonly string[],
  inspectedAt: number,
  facts: readonly (ChainCertFacts | undefined)[] = [],
): TlsInfo {
  const tls: TlsInfo = { certificates: [], source: 'chromium-debugger', inspectedAt };
  const protocol = normaliseProtocol(details.protocol);
  if (protocol) tls.protocol = protocol;
  if (details.cipher) tls.cipher = details.mac ? `${details.cipher} ${details.mac}` : details.cipher;
  if (details.keyExchangeGroup) tls.group = details.keyExchangeGroup;
  if (details.keyExchange) tls.keyExchange = details.keyExchange;
  const scheme = details.serverSignatureAlgorithm;
  if (typeof scheme === 'number') {
    tls.signatureScheme = signatureSchemeName(scheme) ?? `0x${scheme.toString(16).padStart(4, '0')}`;
  }
  const ct = details.certificateTransparencyCompliance && CT[details.certificateTransparencyCompliance];
  if (ct) tls.ct = ct;
  if (Array.isArray(details.signedCertificateTimestampList)) {
    tls.sctCount = details.signedCertificateTimestampList.length;
  }
  if (typeof details.encryptedClientHello === 'boolean') tls.ech = details.encryptedClientHello;
  const leafSubject = details.subjectName ?? '';
  const leafIssuer = details.issuer ?? '';
  tls.certificates = chainDer.map((der, i) => {
    const summary: CertSummary = { subject: '', issuer: '', der };
    const sha256 = fingerprints[i];
    if (sha256) summary.sha256 = sha256;
    if (i === 0) {
      // CDP gives the leaf's CN as subjectName and the issuer's CN as issuer, not full DNs.
      summary.subject = leafSubject.includes('=') ? leafSubject : `CN=${leafSubject}`;
      summary.issuer = leafIssuer.includes('=') ? leafIssuer : `CN=${leafIssuer}`;
      const s = dnAttributes(summary.subject);
      const is = dnAttributes(summary.issuer);
      const names = { subjectCN: s.get('CN'), subjectOrg: s.get('O'), issuerCN: is.get('CN'), issuerOrg: is.get('O') };
      withDefined(summary, names, { dropEmptyStrings: true });
      if (typeof details.validFrom === 'number') summary.notBefore = details.validFrom * 1000;
      if (typeof details.validTo === 'number') summary.notAfter = details.validTo * 1000;
      if (details.sanList?.length) summary.sans = [...details.sanList];
    }
    // The certificate's own names are more complete than CDP's CNs: they win where read.
    const read = facts[i];
    if (read) withDefined(summary, read, { dropEmptyStrings: true });
    return summary;
  });
  return tls;
}

/** The main document's HTTP version and IP from an inspected response. */
export function inspectedResponseFacts(response: CdpResponse): { httpVersion?: string; ip?: string } {
  const out: { httpVersion?: string; ip?: string } = {};
  const httpVersion = httpVersionFromAlpn(response.protocol);
  if (httpVersion) out.httpVersion = httpVersion;
  if (response.remoteIPAddress) out.ip = response.remoteIPAddress.replace(/^\[|\]$/g, '');
  return out;
}
