/**
 * What the background hands to the history logger for one top-level navigation.
 *
 * Pure and Dexie-free, so the background can build inputs before the database is opened and
 * change detection can be tested without IndexedDB.
 */
import type { CertSummary, ConnectionReport, Scheme, VerdictKind } from '../report/types';
import { defined } from '@/lib/optional';

/** The TLS facts history keeps: a subset of `TlsInfo`, with only the leaf certificate. */
export interface VisitTls {
  /** Normalised "TLSv1.3", "TLSv1.2", … */
  protocol?: string;
  cipher?: string;
  group?: string;
  /** Encrypted Client Hello used (true), known not used (false), unknown (undefined). */
  ech?: boolean;
  /** DNS over HTTPS / private DNS used for this connection (Firefox `usedPrivateDns`). */
  privateDns?: boolean;
  /** Whether the chain ended in a root the browser ships; undefined when the engine cannot say. */
  rootBuiltIn?: boolean;
  /**
   * The leaf certificate. Only the leaf is kept: it identifies the site's certificate, and the
   * chain would triple the bytes per new certificate for facts (`issuerOrg`, `rootBuiltIn`) that
   * are already summarised here.
   */
  leaf?: CertSummary;
}

/**
 * One top-level navigation, as committed.
 *
 * Redirects: pass only the final committed URL (one `log` per navigation; the redirect hops are
 * not history). Later facts: calling `log` again with the same `tabId` + `navStart` merges the
 * new facts into the same visit (e.g. Chromium TLS details learned after "Inspect").
 * Reloads: `transition: 'reload'` of the URL last logged in the same tab counts as a reload of
 * that visit (its `reloads` goes up, its facts are refreshed) instead of a new row.
 */
export interface VisitInput {
  /** Tab of the navigation. With `navStart` it is the visit's stable identity. */
  tabId: number;
  /** When the navigation started, ms since the epoch (fractions are dropped). */
  navStart: number;
  /** The final committed URL. Never stored: only hashed in memory to recognise reloads. */
  url: string;
  /** Only reloads matter to history; every other transition type is 'other'. */
  transition: 'reload' | 'other';
  /** True for private / incognito windows: such a visit is dropped before anything is written. */
  incognito: boolean;
  host: string;
  scheme: Scheme;
  verdict: VerdictKind;
  ip?: string;
  /** "HTTP/1.1", "HTTP/2", "HTTP/3". */
  httpVersion?: string;
  /** The proxy, as "type host:port" (Firefox `proxyInfo`). */
  proxy?: string;
  tls?: VisitTls;
  /**
   * The browser's id of the committed document (Chromium's webNavigation `documentId`). A commit
   * Onlooker had to infer from the page's completion and the real one, replayed after a worker
   * stop, carry different starts but one document: they are one visit.
   */
  documentId?: string;
  /**
   * `navStart` was inferred (the commit never reached Onlooker: found from the completion or at
   * a worker start). Only then is a document under another start the same visit; a real commit
   * of a document logged before is that page restored from the back-forward cache.
   */
  inferred?: true;
  /**
   * Logged only if `documentId` is not a visit already: a page known from a completion that came
   * after the tab moved on, which may be a page whose commit was seen (and logged) or not.
   */
  ifNewDocument?: true;
}

/** The part of a `VisitInput` that is queued, written and compared (no URL, no window facts). */
export type VisitFacts = Omit<VisitInput, 'url' | 'incognito' | 'transition' | 'documentId' | 'inferred' | 'ifNewDocument'>;

/** Where a navigation happened, as the background knows it from webNavigation. */
export interface NavigationFacts {
  tabId: number;
  navStart: number;
  transition: 'reload' | 'other';
  incognito: boolean;
  documentId?: string;
  inferred?: true;
  ifNewDocument?: true;
}

/**
 * Builds a `VisitInput` from the main document's report and verdict. Drops everything history
 * does not keep (the chain beyond the leaf, SCTs, paths), so the session queue stays small.
 */
export function visitFromReport(report: ConnectionReport, verdict: VerdictKind, nav: NavigationFacts): VisitInput {
  const input: VisitInput = {
    tabId: nav.tabId,
    navStart: nav.navStart,
    url: report.url,
    transition: nav.transition,
    incognito: nav.incognito,
    host: report.host,
    scheme: report.scheme,
    verdict,
  };
  if (nav.documentId !== undefined) input.documentId = nav.documentId;
  if (nav.inferred) input.inferred = true;
  if (nav.ifNewDocument) input.ifNewDocument = true;
  if (report.ip !== undefined) input.ip = report.ip;
  if (report.httpVersion !== undefined) input.httpVersion = report.httpVersion;
  if (report.proxy) input.proxy = `${report.proxy.type} ${report.proxy.host}:${report.proxy.port}`;
  const tls = report.tls;
  if (tls) {
    const out: VisitTls = defined({
      protocol: tls.protocol,
      cipher: tls.cipher,
      group: tls.group,
      ech: tls.ech,
      privateDns: tls.privateDns,
      rootBuiltIn: tls.rootBuiltIn,
    });
    const leaf = tls.certificates[0];
    if (leaf) out.leaf = leaf;
    input.tls = out;
  }
  return input;
}

/** FNV-1a, 32 bit, base 36: a cheap in-memory fingerprint of a URL for reload matching. */
export function urlHash(url: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < url.length; i++) {
    h ^= url.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
