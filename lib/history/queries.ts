/**
 * Read side of the history, for the privacy-history page and the popup. Nothing here writes,
 * except `acknowledgeEvents`.
 *
 * Efficiency with 100k visits: filters are answered from index keys (every index entry carries
 * the visit's primary key [t, tab], which holds the time), and only the rows of the requested
 * page are read. A query with one filter (or none) is one index range with a native count;
 * combined filters intersect primary-key lists from each index. Text search matches the sites
 * table (one row per host), never the visits.
 */
import type { Scheme, VerdictKind } from '../report/types';
import { CIPHERS, decodeIn, decodeScheme, decodeTlsVersion, decodeVerdict, encodeScheme, GROUPS, HTTP_VERSIONS } from './codes';
import type { CertificateRecord, HistoryDb, HistoryEventRecord, SiteRecord, VisitKey, VisitRecord } from './schema';
import { bytesToBase64 } from '@/lib/bytes';

/** What a visit records, decoded: shared by the page's rows and the JSON backup. */
export interface VisitFields {
  /** ms since the epoch. */
  time: number;
  host: string;
  scheme: Scheme;
  verdict: VerdictKind;
  /** "TLSv1.3" … */
  tls?: string;
  cipher?: string;
  group?: string;
  ip?: string;
  httpVersion?: string;
  ech?: boolean;
  privateDns?: boolean;
  proxy?: string;
}

/** A visit decoded for display. */
export interface VisitView extends VisitFields {
  /** The row's key; also its time. */
  key: VisitKey;
  /** `CertificateRecord.id`; details in `VisitPage.certs`. */
  certId?: number;
  reloads: number;
}

/** The certificate facts a visit list shows (no DER). */
export interface CertBrief {
  id: number;
  sha256: string;
  subjectCN?: string;
  issuerOrg?: string;
  issuerCN?: string;
  notBefore?: number;
  notAfter?: number;
  rootBuiltIn?: boolean;
}

/** Turns a compact stored row into names and strings. */
export function decodeVisit(r: VisitRecord): VisitView {
  const view: VisitView = {
    key: r.t,
    time: r.t,
    host: r.h,
    scheme: decodeScheme(r.s ?? 0),
    verdict: decodeVerdict(r.v ?? 0),
    reloads: r.r ?? 0,
  };
  const tls = decodeTlsVersion(r.p);
  if (tls !== undefined) view.tls = tls;
  const cipher = decodeIn(CIPHERS, r.ci);
  if (cipher !== undefined) view.cipher = cipher;
  const group = decodeIn(GROUPS, r.g);
  if (group !== undefined) view.group = group;
  const hv = decodeIn(HTTP_VERSIONS, r.hv);
  if (hv !== undefined) view.httpVersion = hv;
  if (r.ip !== undefined) view.ip = r.ip;
  if (r.e !== undefined) view.ech = r.e === 1;
  if (r.d !== undefined) view.privateDns = r.d === 1;
  if (r.px !== undefined) view.proxy = r.px;
  if (r.c !== undefined) view.certId = r.c;
  return view;
}

/** The list-view facts of a certificate. */
function certBrief(c: CertificateRecord): CertBrief {
  const b: CertBrief = { id: c.id, sha256: c.sha256 };
  if (c.subjectCN !== undefined) b.subjectCN = c.subjectCN;
  if (c.issuerOrg !== undefined) b.issuerOrg = c.issuerOrg;
  if (c.issuerCN !== undefined) b.issuerCN = c.issuerCN;
  if (c.notBefore !== undefined) b.notBefore = c.notBefore;
  if (c.notAfter !== undefined) b.notAfter = c.notAfter;
  if (c.rootBuiltIn !== undefined) b.rootBuiltIn = c.rootBuiltIn;
  return b;
}

/** Filters of the visit list; all optional, combined with AND. */
export interface VisitFilter {
  /** Case-insensitive substring of the host. */
  text?: string;
  /** Exactly this host (the per-site view). */
  host?: string;
  verdict?: VerdictKind;
  /** Only visits over plain HTTP. */
  httpOnly?: boolean;
  /** Inclusive time range, ms. */
  from?: number;
  to?: number;
}

/** Order of the visit list. */
export type VisitSort = 'time-desc' | 'time-asc' | 'host';

/** A visit-list request: filters, order, page. */
export interface VisitQuery extends VisitFilter {
  /** Default 'time-desc'. 'host' is host A→Z, newest first within a host. */
  sort?: VisitSort;
  offset?: number;
  /** Default 50. */
  limit?: number;
}

const LO = -Infinity;
const HI = Infinity;

/** One certificate in a site's timeline. */
export interface CertTimelineEntry {
  cert: CertBrief;
  /** First and last visit of this host that showed it. */
  firstSeen: number;
  lastSeen: number;
  visits: number;
}

/** The per-site page. */
export interface SiteView {
  site: SiteRecord;
  /** Its newest visits, newest first (the list's own query, lib/history/visit-query.ts, pages all of them). */
  visits: VisitView[];
  /** Distinct certificates in the order this host first showed them. */
  certificates: CertTimelineEntry[];
  /** Newest first. */
  events: HistoryEventRecord[];
}

/** Everything the per-site page shows; undefined for an unknown host. */
export async function siteView(
  db: HistoryDb,
  host: string,
  options: { offset?: number; limit?: number } = {},
): Promise<SiteView | undefined> {
  const site = await db.sites.get(host);
  if (!site) return undefined;
  const range = db.visits.where('[h+t]').between([host, LO], [host, HI], true, true).reverse();
  const visits = (
    await range
      .offset(options.offset ?? 0)
      .limit(options.limit ?? 50)
      .toArray()
  ).map(decodeVisit);
  const spans = new Map<number, { firstSeen: number; lastSeen: number; visits: number }>();
  await db.visits
    .where('[h+t]')
    .between([host, LO], [host, HI], true, true)
    .each((v) => {
      if (v.c === undefined) return;
      const s = spans.get(v.c);
      if (s) {
        s.lastSeen = Math.max(s.lastSeen, v.t);
        s.visits++;
      } else spans.set(v.c, { firstSeen: v.t, lastSeen: v.t, visits: 1 });
    });
  const certs = await db.certificates
    .where('id')
    .anyOf([...spans.keys()])
    .toArray();
  const byId = new Map(certs.map((c) => [c.id, c]));
  const certificates: CertTimelineEntry[] = [];
  for (const [id, span] of spans) {
    const c = byId.get(id);
    if (c) certificates.push({ cert: certBrief(c), ...span });
  }
  certificates.sort((a, b) => a.firstSeen - b.firstSeen);
  const events = await listEvents(db, { host });
  return { site, visits, certificates, events };
}

/** The full certificate (with DER as base64, the form `CertSummary.der` and the parser use). */
export async function getCertificate(db: HistoryDb, id: number): Promise<(CertificateRecord & { derBase64?: string }) | undefined> {
  const c = await db.certificates.where('id').equals(id).first();
  if (!c) return undefined;
  if (!c.der) return c;
  return { ...c, derBase64: bytesToBase64(c.der) };
}

/** Filters of the event list. */
export interface EventQuery {
  host?: string;
  /** Only events at or after this time, ms. */
  since?: number;
  /** Only events the user has not acknowledged. */
  unseen?: boolean;
  limit?: number;
}

/** Events, newest first. */
export async function listEvents(db: HistoryDb, q: EventQuery = {}): Promise<HistoryEventRecord[]> {
  const since = q.since ?? LO;
  const coll =
    q.host !== undefined
      ? db.events.where('[host+time]').between([q.host, since], [q.host, HI], true, true)
      : db.events.where('time').aboveOrEqual(since);
  let c = coll.reverse();
  if (q.unseen) c = c.filter((e) => e.ack === undefined);
  if (q.limit !== undefined) c = c.limit(q.limit);
  return c.toArray();
}

/** Count of events not yet acknowledged (for a host, or all): the badge / popup hint. */
export async function unseenEventCount(db: HistoryDb, host?: string): Promise<number> {
  const coll = host !== undefined ? db.events.where('[host+time]').between([host, LO], [host, HI], true, true) : db.events.toCollection();
  return coll.filter((e) => e.ack === undefined).count();
}

/** Marks events as seen (the popup or history page showed them). */
export async function acknowledgeEvents(db: HistoryDb, ids: readonly number[], now: number = Date.now()): Promise<void> {
  await db.events
    .where('id')
    .anyOf([...ids])
    .modify((e) => {
      if (e.ack === undefined) e.ack = now;
    });
}

/** Aggregates for the charts of the history page. */
export interface HistoryStats {
  visits: number;
  sites: number;
  /** Per local calendar day ("2026-11-20"), oldest first. */
  httpsShareByDay: { day: string; https: number; total: number }[];
  /** Visits per TLS version ("TLSv1.3"); HTTPS visits whose version is unknown count as "unknown". */
  tlsVersions: Record<string, number>;
  verdicts: Partial<Record<VerdictKind, number>>;
  /** Issuing organisations (or issuer CN when there is none) by visits, most first. */
  topIssuers: { issuer: string; visits: number; sites: number }[];
  /** Sites whose latest visit was plain HTTP, most visited first. */
  httpSites: { host: string; lastSeen: number; visits: number; httpVisits: number }[];
}

/** Local calendar day of a time, "YYYY-MM-DD". */
export function dayKey(time: number): string {
  const d = new Date(time);
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${m}-${day}`;
}

/**
 * Chart data over a time range (default: everything). One pass over the visits in range; the
 * certificates are read once for the issuer names.
 */
export async function summaryStats(db: HistoryDb, options: { from?: number; to?: number; top?: number } = {}): Promise<HistoryStats> {
  const from = options.from ?? LO;
  const to = options.to ?? HI;
  const top = options.top ?? 10;
  return db.transaction('r', [db.visits, db.sites, db.certificates], async () => {
    const days = new Map<string, { https: number; total: number }>();
    const tlsVersions: Record<string, number> = {};
    const verdicts: Partial<Record<VerdictKind, number>> = {};
    const certVisits = new Map<number, number>();
    const certHosts = new Map<number, Set<string>>();
    const httpsCode = encodeScheme('https');
    let visits = 0;
    await db.visits
      .where('t')
      .between(from, to, true, true)
      .each((v) => {
        visits++;
        const day = dayKey(v.t);
        const d = days.get(day) ?? { https: 0, total: 0 };
        d.total++;
        if ((v.s ?? 0) === httpsCode) d.https++;
        days.set(day, d);
        if ((v.s ?? 0) === httpsCode) {
          const name = decodeTlsVersion(v.p) ?? 'unknown';
          tlsVersions[name] = (tlsVersions[name] ?? 0) + 1;
        }
        const verdict = decodeVerdict(v.v ?? 0);
        verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
        if (v.c !== undefined) {
          certVisits.set(v.c, (certVisits.get(v.c) ?? 0) + 1);
          const hs = certHosts.get(v.c) ?? new Set<string>();
          hs.add(v.h);
          certHosts.set(v.c, hs);
        }
      });
    const issuers = new Map<string, { visits: number; sites: Set<string> }>();
    const certs = await db.certificates
      .where('id')
      .anyOf([...certVisits.keys()])
      .toArray();
    for (const c of certs) {
      const name = c.issuerOrg ?? c.issuerCN ?? c.issuer;
      const entry = issuers.get(name) ?? { visits: 0, sites: new Set<string>() };
      entry.visits += certVisits.get(c.id) ?? 0;
      for (const h of certHosts.get(c.id) ?? []) entry.sites.add(h);
      issuers.set(name, entry);
    }
    const topIssuers = [...issuers]
      .map(([issuer, e]) => ({ issuer, visits: e.visits, sites: e.sites.size }))
      .sort((a, b) => b.visits - a.visits || a.issuer.localeCompare(b.issuer))
      .slice(0, top);
    const sites = await db.sites.toArray();
    const httpSites = sites
      .filter((s) => s.snap.scheme === 'http' && s.lastSeen >= from && s.firstSeen <= to)
      .map((s) => ({ host: s.host, lastSeen: s.lastSeen, visits: s.visits, httpVisits: s.httpVisits }))
      .sort((a, b) => b.visits - a.visits || a.host.localeCompare(b.host));
    const httpsShareByDay = [...days].map(([day, d]) => ({ day, ...d })).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    return { visits, sites: sites.length, httpsShareByDay, tlsVersions, verdicts, topIssuers, httpSites };
  });
}
