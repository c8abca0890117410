/**
 * Record building and the consistency chores shared by the logger, retention and import:
 * encoding a visit, storing a certificate once, recomputing site counters after deletions, and
 * removing certificates no visit or site refers to any more.
 *
 * Functions that take a `HistoryDb` and touch several tables expect to run inside a Dexie
 * transaction the caller opened over those tables, so a failure leaves nothing half-written.
 */
import { base64ToBytes } from '@/lib/bytes';
import type { CertSummary } from '../report/types';
import { encodeIn, encodeScheme, encodeTlsVersion, encodeVerdict, CIPHERS, GROUPS, HTTP_VERSIONS, SCHEMES } from './codes';
import type { VisitFacts } from './input';
import type { CertificateRecord, HistoryDb, SiteRecord, VisitKey, VisitRecord } from './schema';

export const HTTP_SCHEME_CODE = SCHEMES.indexOf('http');

/**
 * The first key at or after `key` that no stored visit and no key in `taken` uses: two
 * navigations in the same millisecond end up 1 ms apart instead of one overwriting the other.
 */
export async function freeVisitKey(db: HistoryDb, key: VisitKey, taken: (k: VisitKey) => boolean): Promise<VisitKey> {
  let k = key;
  while (taken(k) || (await db.visits.get(k)) !== undefined) k += 1;
  return k;
}

/**
 * Builds the stored row for `facts`. With `existing` (the same navigation logged again, or a
 * reload of it) the newer known facts replace the older ones; if the scheme changed, the old
 * connection facts are dropped instead, so a row never mixes two connections.
 */
export function encodeVisit(
  facts: VisitFacts,
  key: VisitKey,
  certId: number | undefined,
  existing?: VisitRecord,
  reload = false,
): VisitRecord {
  const s = encodeScheme(facts.scheme);
  const keep = existing && (existing.s ?? 0) === s;
  const rec: VisitRecord = keep ? { ...existing } : { t: key, h: facts.host };
  if (existing?.r !== undefined) rec.r = existing.r;
  rec.h = facts.host;
  setCode(rec, 's', s);
  setCode(rec, 'v', encodeVerdict(facts.verdict));
  if (facts.ip !== undefined) rec.ip = facts.ip;
  if (facts.httpVersion !== undefined) rec.hv = encodeIn(HTTP_VERSIONS, facts.httpVersion);
  if (facts.proxy !== undefined) rec.px = facts.proxy;
  const tls = facts.tls;
  if (tls) {
    if (tls.protocol !== undefined) rec.p = encodeTlsVersion(tls.protocol);
    if (tls.cipher !== undefined) rec.ci = encodeIn(CIPHERS, tls.cipher);
    if (tls.group !== undefined) rec.g = encodeIn(GROUPS, tls.group);
    if (tls.ech !== undefined) rec.e = tls.ech ? 1 : 0;
    if (tls.privateDns !== undefined) rec.d = tls.privateDns ? 1 : 0;
  }
  if (certId !== undefined) rec.c = certId;
  if (reload) rec.r = (rec.r ?? 0) + 1;
  return rec;
}

/** Stores a scheme / verdict code, leaving the field out for the common value 0 (https / secure). */
export function setCode(rec: VisitRecord, field: 's' | 'v', code: number): void {
  if (code === 0) delete rec[field];
  else rec[field] = code;
}

/** A new certificate row from the browser's summary; undefined fields are left out. */
export function certificateFromSummary(
  leaf: CertSummary & { sha256: string },
  id: number,
  host: string,
  time: number,
  rootBuiltIn: boolean | undefined,
): CertificateRecord {
  const rec: CertificateRecord = {
    sha256: leaf.sha256,
    id,
    subject: leaf.subject,
    issuer: leaf.issuer,
    hosts: [host],
    firstSeen: time,
    lastSeen: time,
  };
  // A malformed DER string is not worth losing the visit over: keep the summary.
  const der = leaf.der ? base64ToBytes(leaf.der) : undefined;
  if (der) rec.der = der;
  if (leaf.subjectCN !== undefined) rec.subjectCN = leaf.subjectCN;
  if (leaf.subjectOrg !== undefined) rec.subjectOrg = leaf.subjectOrg;
  if (leaf.issuerCN !== undefined) rec.issuerCN = leaf.issuerCN;
  if (leaf.issuerOrg !== undefined) rec.issuerOrg = leaf.issuerOrg;
  if (leaf.notBefore !== undefined) rec.notBefore = leaf.notBefore;
  if (leaf.notAfter !== undefined) rec.notAfter = leaf.notAfter;
  if (leaf.serialNumber !== undefined) rec.serialNumber = leaf.serialNumber;
  if (leaf.sans !== undefined) rec.sans = [...leaf.sans];
  if (leaf.spkiSha256 !== undefined) rec.spkiSha256 = leaf.spkiSha256;
  if (rootBuiltIn !== undefined) rec.rootBuiltIn = rootBuiltIn;
  return rec;
}

/** An existing certificate seen again: widen its time span, note the host. Returns a copy. */
export function touchCertificate(cert: CertificateRecord, host: string, time: number, der?: string): CertificateRecord {
  const next: CertificateRecord = {
    ...cert,
    firstSeen: Math.min(cert.firstSeen, time),
    lastSeen: Math.max(cert.lastSeen, time),
  };
  if (!cert.hosts.includes(host)) next.hosts = [...cert.hosts, host];
  const bytes = !cert.der && der ? base64ToBytes(der) : undefined;
  if (bytes) next.der = bytes;
  return next;
}

/**
 * Hands out certificate ids. Ids are never reused (a reused id could make an exported visit
 * point at the wrong certificate), so the counter lives in `meta`, not in max(id).
 */
export async function createCertIdAllocator(db: HistoryDb): Promise<{ next(): number; save(): Promise<void> }> {
  const row = await db.meta.get('certSeq');
  let n = row?.k === 'certSeq' ? row.n : 0;
  const top = await db.certificates.orderBy('id').last();
  if (top && top.id > n) n = top.id;
  const start = n;
  return {
    next: () => ++n,
    save: async () => {
      if (n !== start) await db.meta.put({ k: 'certSeq', n });
    },
  };
}

/**
 * After visits were deleted: recompute each host's counters from the visits that remain, and
 * delete sites (with their events) that have none left. `deleted` is the time span of the
 * deleted visits: a `lastSeen` inside it (set by a reload) can no longer be vouched for.
 * Runs inside a transaction over visits, sites and events.
 */
async function recomputeSites(db: HistoryDb, hosts: Iterable<string>, deleted: { from: number; to: number }): Promise<void> {
  for (const host of hosts) {
    const site = await db.sites.get(host);
    let count = 0;
    let reloads = 0;
    let http = 0;
    let first = Infinity;
    let last = -Infinity;
    await db.visits
      .where('[h+t]')
      .between([host, -Infinity], [host, Infinity], true, true)
      .each((v) => {
        count++;
        reloads += v.r ?? 0;
        if (v.s === HTTP_SCHEME_CODE) http++;
        if (v.t < first) first = v.t;
        if (v.t > last) last = v.t;
      });
    if (count === 0) {
      await db.sites.delete(host);
      await db.events.where('[host+time]').between([host, -Infinity], [host, Infinity], true, true).delete();
      continue;
    }
    if (!site) continue;
    const inDeleted = site.lastSeen >= deleted.from && site.lastSeen <= deleted.to;
    const updated: SiteRecord = {
      ...site,
      visits: count,
      reloads,
      httpVisits: http,
      firstSeen: first,
      lastSeen: inDeleted ? last : Math.max(site.lastSeen, last),
    };
    await db.sites.put(updated);
  }
}

/**
 * Deletes the certificates among `ids` that no remaining visit and no site refers to, and drops
 * hosts that no longer use a certificate from its `hosts`. Only the listed hosts' visits are
 * scanned, which is why certificates remember their hosts.
 * Runs inside a transaction over visits, sites and certificates.
 */
export async function sweepCertificates(db: HistoryDb, ids: Iterable<number>): Promise<number> {
  let removed = 0;
  for (const id of new Set(ids)) {
    const cert = await db.certificates.where('id').equals(id).first();
    if (!cert) continue;
    const still: string[] = [];
    for (const host of cert.hosts) {
      const site = await db.sites.get(host);
      if (site?.cert === id) {
        still.push(host);
        continue;
      }
      const used = await db.visits
        .where('[h+t]')
        .between([host, -Infinity], [host, Infinity], true, true)
        .filter((v) => v.c === id)
        .first();
      if (used) still.push(host);
    }
    if (still.length === 0) {
      await db.certificates.delete(cert.sha256);
      removed++;
    } else if (still.length !== cert.hosts.length) {
      await db.certificates.put({ ...cert, hosts: still });
    }
  }
  return removed;
}

/**
 * Deletes the given visits and everything that depended only on them, keeping sites' counters
 * right. Runs inside a transaction over all history tables.
 */
export async function deleteVisits(db: HistoryDb, rows: readonly VisitRecord[]): Promise<number> {
  if (rows.length === 0) return 0;
  const hosts = new Set<string>();
  const certs = new Set<number>();
  let from = Infinity;
  let to = -Infinity;
  for (const v of rows) {
    hosts.add(v.h);
    if (v.c !== undefined) certs.add(v.c);
    if (v.t < from) from = v.t;
    if (v.t > to) to = v.t;
  }
  await db.visits.bulkDelete(rows.map((v): VisitKey => v.t));
  await recomputeSites(db, hosts, { from, to });
  await sweepCertificates(db, certs);
  return rows.length;
}
