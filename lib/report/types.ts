/**
 * The normalised connection report: the one shape every part of Onlooker reads.
 *
 * Engine adapters (lib/engines/*) are the only code that knows what Firefox's
 * `getSecurityInfo`, Chromium's webRequest details or the DevTools protocol look like;
 * they translate those objects once into these types. Everything after that is plain data.
 *
 * A field that is `undefined` means "the browser did not tell us"; the reason for an
 * absent TLS block is in `tlsUnknown`. Never fill a field with a guess.
 */
import type { HistoryEventKind } from '@/lib/history/changes';
import type { MessageKey } from '@/lib/i18n/keys';
import type { Sub } from '@/lib/i18n/locale';
import type { ErrorKind } from './error-kinds';

/** Bump when the shape changes incompatibly; readers drop reports of another version. */
export const REPORT_VERSION = 1 as const;

export type Engine = 'firefox' | 'chromium';

/** The URL scheme of the connection, folded to what matters for security. */
export type Scheme = 'https' | 'http' | 'wss' | 'ws' | 'file' | 'browser' | 'other';

/** Why a report has no TLS block although the connection may have used TLS. */
export type TlsUnknownReason =
  /** Chromium: extensions see TLS details only after the user runs "Inspect". */
  | 'not-inspected'
  /**
   * Served from the HTTP cache with no security info: Chromium's webRequest gives none on a cache
   * hit (Firefox 153 gives the one stored with the response, so its hits keep `tls`; recorded in
   * tests/fixtures/engines/recorded/*-pages.json).
   */
  | 'cached'
  /** Host permission for this site is not granted. */
  | 'permission'
  /** The tab was open before Onlooker started: its connection was never observed. */
  | 'preexisting'
  /** The browser returned nothing (the request ended before we could ask). */
  | 'unavailable';

/** A certificate-error category the user clicked through (Firefox names these). */
export type OverriddenError = 'trust_error' | 'domain_mismatch' | 'expired_or_not_yet_valid' | 'unknown';

/**
 * What the browser itself tells about one certificate, without parsing DER.
 * Full details (key, extensions, policies) come from parsing `der` in the popup.
 */
export interface CertSummary {
  /** Subject distinguished name as the browser printed it (attribute order varies by engine). */
  subject: string;
  issuer: string;
  /** Common name and organisation pulled from the strings above, when present. */
  subjectCN?: string;
  subjectOrg?: string;
  issuerCN?: string;
  issuerOrg?: string;
  /** Validity in ms since the epoch. */
  notBefore?: number;
  notAfter?: number;
  /** Upper-case hex, colon separated ("9A:5B:…"), as both engines and the popup show it. */
  sha256?: string;
  serialNumber?: string;
  /** DNS names from the subjectAltName, when the browser gives them (Chromium does). */
  sans?: string[];
  /** Firefox only, meaningful on the last certificate of a verified chain. */
  isBuiltInRoot?: boolean;
  /** SHA-256 of the SubjectPublicKeyInfo, base64 (Firefox): tells a key change from a renewal. */
  spkiSha256?: string;
  /** The certificate itself, base64 DER; parsed lazily in the popup, never in the background. */
  der?: string;
  /**
   * Signature algorithm of this certificate ("sha256WithRSAEncryption"), when known. Neither
   * engine gives it without parsing DER, so it is filled where DER is parsed (lib/cert); the
   * verdict then flags SHA-1 / MD5 signatures.
   */
  signatureAlgorithm?: string;
  /** Public key algorithm ("RSA", "EC", "Ed25519") and size in bits, when known (from DER, like the above). */
  publicKeyAlgorithm?: string;
  publicKeyBits?: number;
}

/** TLS facts of one connection. Fields absent here were not given by the browser. */
export interface TlsInfo {
  /** Normalised "TLSv1.3", "TLSv1.2", … (Chromium's "TLS 1.3" becomes "TLSv1.3"). */
  protocol?: string;
  /** IANA name where the browser gives one; Chromium gives the bulk cipher only ("AES_256_GCM"). */
  cipher?: string;
  /** Key-exchange group, e.g. "x25519", "X25519MLKEM768". */
  group?: string;
  /** Key-exchange method on TLS 1.2 (Chromium: "ECDHE_RSA"). */
  keyExchange?: string;
  signatureScheme?: string;
  secretKeyLength?: number;
  hsts?: boolean;
  /** Certificate Transparency as the browser judged it. */
  ct?: 'compliant' | 'not-compliant' | 'not-applicable' | 'unknown';
  /** Number of SCTs the browser saw (Chromium), when known. */
  sctCount?: number;
  ocspUsed?: boolean;
  ech?: boolean;
  privateDns?: boolean;
  delegatedCredentials?: boolean;
  extendedValidation?: boolean;
  /** Firefox `weaknessReasons` (e.g. "cipher"). */
  weaknessReasons?: string[];
  /** Set when the user clicked through a certificate error for this host. */
  overriddenError?: OverriddenError;
  /** Leaf first. Empty when the browser gave no certificates. */
  certificates: CertSummary[];
  /**
   * Whether the chain ends in a root the browser ships. `undefined` when the engine does not
   * say (Chromium never does): then interception cannot be told apart from a public CA.
   */
  rootBuiltIn?: boolean;
  /** Where these facts came from, for "inspected 3 min ago" and for honesty in the UI. */
  source: 'firefox-security-info' | 'chromium-debugger' | 'chromium-webrequest';
  /** When a Chromium inspection produced these facts (ms); absent when seen live on this load. */
  inspectedAt?: number;
  /** How that inspection saw the connection (absent in inspections stored before it was said). */
  inspectedBy?: InspectMethod;
}

/**
 * How a Chromium inspection saw the connection: a request to the page's own address made while
 * the debugger listened (the page stays as it is), or a reload of the page when that showed nothing.
 */
export const INSPECT_METHODS = ['request', 'reload'] as const;
export type InspectMethod = (typeof INSPECT_METHODS)[number];

/** The proxy a request went through, if the browser says (Firefox `proxyInfo`). */
export interface ProxyInfo {
  type: string;
  host: string;
  port: number;
  proxyDns?: boolean;
}

/**
 * What a main document's response headers asked of the browser (lib/report/headers.ts). Its
 * presence means the headers were read; then an absent `hsts` means the response sent none.
 */
export interface SecurityHeaders {
  /** Strict-Transport-Security as the site sent it over HTTPS. `maxAge` in seconds. */
  hsts?: { maxAge: number; includeSubDomains: boolean; preload: boolean };
  /** A Strict-Transport-Security header was sent but is invalid, so browsers ignore it. */
  hstsMalformed?: boolean;
  /** Alt-Svc offered HTTP/3. */
  h3Offered: boolean;
}

/** One observed connection (a document or subresource response, or a failed load). */
export interface ConnectionReport {
  v: typeof REPORT_VERSION;
  engine: Engine;
  url: string;
  host: string;
  port?: number;
  scheme: Scheme;
  /** ms since the epoch when the response (or error) was observed. */
  time: number;
  ip?: string;
  /** "HTTP/1.1", "HTTP/2", "HTTP/3", from the status line or the protocol. */
  httpVersion?: string;
  statusCode?: number;
  fromCache?: boolean;
  proxy?: ProxyInfo;
  tls?: TlsInfo;
  /** Why `tls` is absent on a connection that should have one. */
  tlsUnknown?: TlsUnknownReason;
  /**
   * A network or certificate error that stopped the load, as the browser spelled it
   * ("net::ERR_CERT_DATE_INVALID", "SEC_ERROR_UNKNOWN_ISSUER", or NSS's localized sentence):
   * shown to the user, never matched. Read `errorKind` to decide anything.
   */
  error?: string;
  /**
   * What `error` means, normalised by the adapter; set whenever `error` is. A report stored
   * before kinds existed (it had `certError` instead) has none: it reads as a load that failed
   * for a reason not known (verdict "unknown" naming the error), never as a guess.
   */
  errorKind?: ErrorKind;
  /** Main documents only: the security headers of the response, when they were read. */
  headers?: SecurityHeaders;
}

/** What the page loaded from one host: the per-host summary the popup lists. */
export interface HostContact {
  host: string;
  scheme: Scheme;
  ip?: string;
  httpVersion?: string;
  /** Requests seen to this host from this page. */
  count: number;
  fromCache?: boolean;
  /** A compact TLS summary when known ("TLSv1.3"), else undefined. */
  protocol?: string;
  error?: string;
}

/**
 * The kinds of plain-HTTP content on an HTTPS page: the one list. The type below, the
 * page probe and the validator of its messages (lib/messages.ts) all derive from it, so a kind
 * added here is accepted everywhere and anything else is refused. `subresource`: active content
 * the browser blocks or loaded over HTTP; `form`: a form or submit button that posts in clear;
 * `upgraded`: passive content (images, media) the browser upgrades to HTTPS itself.
 */
export const MIXED_CONTENT_KINDS = ['subresource', 'form', 'upgraded'] as const;
export type MixedContentKind = (typeof MIXED_CONTENT_KINDS)[number];

/** Plain-HTTP content on an HTTPS page. */
export interface MixedContentItem {
  kind: MixedContentKind;
  url: string;
}

/**
 * The kinds of secret a page asks the user to type: the one list. The type below, the page
 * probe and the validator of its messages (lib/messages.ts) all derive from it. Found only from
 * what the page declares (`type=password`, `autocomplete` current-/new-password and cc-*), never
 * guessed from names, so a finding is the page's own statement of what the field is for.
 */
export const SECRET_FIELD_KINDS = ['password', 'card'] as const;
export type SecretFieldKind = (typeof SECRET_FIELD_KINDS)[number];

/** What the page probe found inside one document, beyond its connection. */
export interface PageFindings {
  /** Plain-HTTP content of an HTTPS page. */
  mixed?: readonly MixedContentItem[];
  /**
   * Secret fields whose contents would travel in clear: any on a plain-HTTP page; on an HTTPS
   * page, those in a form that posts to plain HTTP. Each kind once, in SECRET_FIELD_KINDS order.
   */
  secrets?: readonly SecretFieldKind[];
}

/** Everything Onlooker knows about what one tab has loaded, as kept in storage.session. */
export interface TabState {
  v: typeof REPORT_VERSION;
  tabId: number;
  /** The page's URL as last committed. */
  url: string;
  /** The main document's connection; undefined until observed. */
  main?: ConnectionReport;
  /** Hosts contacted by the page, keyed by host; bounded (see lib/state). */
  hosts: Record<string, HostContact>;
  /** How many distinct hosts were dropped because of the bound. */
  hostsDropped: number;
  mixed: MixedContentItem[];
  /** Secret fields of this document that travel in clear (PageFindings.secrets); absent: none found. */
  secrets?: SecretFieldKind[];
  /** True when the tab was already open when Onlooker started: reload to learn more. */
  preexisting?: boolean;
  /**
   * The top-level navigation that produced this page (webNavigation): the history log's visit
   * identity, and what late results (history alerts, page probes) are matched against so they
   * never land on a later page of the same tab. `documentId` is Chromium's (absent on Firefox).
   * `inferred`: the commit itself never reached Onlooker; `start` is when the document was found
   * (its completion, or a worker start that saw it shown), so it is later than the real commit.
   * `late`: found from a completion delivered after the tab had moved on; whether its commit was
   * seen only the history can tell (by `documentId`), so it is a visit only if that document is new.
   */
  nav?: { start: number; transition: 'reload' | 'other'; documentId?: string; inferred?: true; late?: true };
  /** Changes since earlier visits that history detected for this page (certificate, downgrade…). */
  alerts?: PageAlert[];
  updatedAt: number;
}

/** A change history detected on this page's site, shown by the badge and the popup. */
export interface PageAlert {
  /** e.g. "cert-changed", "https-downgrade". */
  kind: HistoryEventKind;
  from?: string;
  to?: string;
  time: number;
}

/** The one-word judgement of a page, in order of severity for the badge. */
/**
 * Every verdict kind, once. APPEND-ONLY: the history stores a verdict as its index here
 * (lib/history/codes.ts), so entries are never removed or reordered. The badge, titles, icons
 * and tones are Records over this type, so a new kind is a compile error until each is given.
 */
export const VERDICT_KINDS = [
  'secure',
  'weak',
  'http',
  'mixed',
  'overridden',
  'broken',
  'custom-root',
  'local',
  'unknown',
  'unexpected',
] as const;

export type VerdictKind = (typeof VERDICT_KINDS)[number];

/**
 * A reason in plain words. `key` names a message in `_locales` (e.g. "reason_tls_old");
 * `params` fill its placeholders. Reasons are data so every screen can translate them.
 */
export interface Reason {
  key: MessageKey;
  /** Text, or numbers (formatted in the messages' language when translated). */
  params?: Sub[];
}

export interface Verdict {
  kind: VerdictKind;
  /** The most important reason first. Never empty. */
  reasons: Reason[];
}

/** Who might be watching a connection. */
export type ObserverId = 'local-network' | 'isp' | 'dns-resolver' | 'proxy' | 'ca' | 'site';

/** One thing about the connection an observer may see. */
export type ExposedItem =
  | 'ip'
  | 'hostname-dns'
  | 'hostname-sni'
  | 'certificate'
  | 'timing-size'
  | 'path'
  | 'query'
  | 'cookies'
  | 'content'
  | 'can-modify';

/** Whether the observer sees the item, with the real value when there is one. */
export interface Exposure {
  item: ExposedItem;
  visibility: 'visible' | 'hidden' | 'unknown';
  /** The real value the observer sees (the IP, the host name), when it is known. */
  value?: string;
  /** Why, as a `_locales` message (e.g. hidden because of ECH, unknown because not inspected). */
  why: Reason;
}

export interface ObserverView {
  observer: ObserverId;
  items: Exposure[];
}
