/**
 * Export (JSON backup, CSV of visits) and import of a JSON backup.
 *
 * The JSON format is decoded and self-describing (scheme names, "TLSv1.3", certificate SHA-256
 * instead of the database's internal ids), so a backup does not depend on the database schema
 * version and can be read by other tools. `version` is the version of this file format, not of
 * the database. Hand-written rather than dexie-export-import: that library's format is the raw
 * table dump (internal codes and ids), which is exactly what a backup should not expose.
 */
import type { HistoryEventKind, SiteSnapshot } from './changes';
import {
  CIPHERS,
  encodeIn,
  encodeScheme,
  encodeTlsVersion,
  encodeVerdict,
  GROUPS,
  HTTP_VERSIONS,
  SCHEMES,
  VERDICTS,
} from './codes';
import { decodeVisit, type VisitFields } from './queries';
import {
  SCHEMA_VERSION,
  type CertificateRecord,
  type HistoryDb,
  type HistoryEventRecord,
  type SiteRecord,
  type VisitKey,
  type VisitRecord,
} from './schema';
import { base64ToBytes, bytesToBase64 } from '@/lib/bytes';
import {
  createCertIdAllocator,
  freeVisitKey,
  recomputeSites,
  setCode,
} from './write';

export const EXPORT_FORMAT = 'onlooker-history';
/** Version of the file format. Readers accept this and older versions. */
export const EXPORT_VERSION = 1;

/** A visit in a backup; `time` is unique within a backup. */
export interface ExportedVisit extends VisitFields {
  /** SHA-256 of the leaf certificate, a key of `certificates`. */
  cert?: string;
  reloads?: number;
}

/** A certificate in a backup: the database record with DER as base64 and without the local id. */
export interface ExportedCertificate extends Omit<CertificateRecord, 'id' | 'der'> {
  der?: string;
}

/** A site in a backup. */
export interface ExportedSite extends Omit<SiteRecord, 'cert'> {
  /** SHA-256 of the current certificate. */
  cert?: string;
}

/** An event in a backup. */
export type ExportedEvent = Omit<HistoryEventRecord, 'id'>;

/** The JSON backup envelope. */
export interface HistoryExport {
  format: typeof EXPORT_FORMAT;
  version: number;
  /** Database schema version of the exporting Onlooker, for diagnosis only. */
  schemaVersion: number;
  /** ms since the epoch. */
  exportedAt: number;
  visits: ExportedVisit[];
  certificates: ExportedCertificate[];
  sites: ExportedSite[];
  events: ExportedEvent[];
}

/** Reads the whole history into a backup object (one read transaction: a consistent copy). */
export async function exportHistory(db: HistoryDb, now: number = Date.now()): Promise<HistoryExport> {
  return db.transaction('r', [db.visits, db.certificates, db.sites, db.events], async () => {
    const certs = await db.certificates.toArray();
    const shaOf = new Map(certs.map((c) => [c.id, c.sha256]));
    const visits: ExportedVisit[] = [];
    await db.visits.each((r) => {
      const v = decodeVisit(r);
      const out: ExportedVisit = { time: v.time, host: v.host, scheme: v.scheme, verdict: v.verdict };
      if (v.tls !== undefined) out.tls = v.tls;
      if (v.cipher !== undefined) out.cipher = v.cipher;
      if (v.group !== undefined) out.group = v.group;
      if (v.ip !== undefined) out.ip = v.ip;
      if (v.httpVersion !== undefined) out.httpVersion = v.httpVersion;
      if (v.ech !== undefined) out.ech = v.ech;
      if (v.privateDns !== undefined) out.privateDns = v.privateDns;
      if (v.proxy !== undefined) out.proxy = v.proxy;
      const sha = v.certId !== undefined ? shaOf.get(v.certId) : undefined;
      if (sha !== undefined) out.cert = sha;
      if (v.reloads > 0) out.reloads = v.reloads;
      visits.push(out);
    });
    const certificates = certs.map(({ id: _id, der, ...rest }): ExportedCertificate => {
      const out: ExportedCertificate = { ...rest };
      if (der) out.der = bytesToBase64(der);
      return out;
    });
    const sites = (await db.sites.toArray()).map(({ cert, ...rest }): ExportedSite => {
      const out: ExportedSite = { ...rest };
      const sha = cert !== undefined ? shaOf.get(cert) : undefined;
      if (sha !== undefined) out.cert = sha;
      return out;
    });
    const events = (await db.events.toArray()).map(({ id: _id, ...rest }): ExportedEvent => rest);
    return {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      schemaVersion: SCHEMA_VERSION,
      exportedAt: now,
      visits,
      certificates,
      sites,
      events,
    };
  });
}

/** The backup as JSON text. */
export async function exportJson(db: HistoryDb, now: number = Date.now()): Promise<string> {
  return JSON.stringify(await exportHistory(db, now));
}

/**
 * One CSV cell. A text starting with = + - @ (or tab / CR) gets a leading apostrophe so a
 * spreadsheet shows it instead of evaluating it as a formula (imported backups and page-chosen
 * host names are not trusted); a cell with a quote, comma or line break is quoted (RFC 4180).
 */
export function csvCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (/[",\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

export const CSV_COLUMNS = [
  'time',
  'host',
  'scheme',
  'verdict',
  'tls_version',
  'cipher',
  'group',
  'ip',
  'http_version',
  'ech',
  'private_dns',
  'proxy',
  'reloads',
  'cert_sha256',
  'cert_issuer',
] as const;

/** Visits as CSV (header first, oldest first, CRLF line ends, times in ISO 8601 UTC). */
export async function exportCsv(db: HistoryDb): Promise<string> {
  return db.transaction('r', [db.visits, db.certificates], async () => {
    const certs = new Map<number, CertificateRecord>();
    for (const c of await db.certificates.toArray()) certs.set(c.id, c);
    const lines: string[] = [CSV_COLUMNS.join(',')];
    await db.visits.each((r) => {
      const v = decodeVisit(r);
      const cert = v.certId !== undefined ? certs.get(v.certId) : undefined;
      const cells = [
        new Date(v.time).toISOString(),
        v.host,
        v.scheme,
        v.verdict,
        v.tls,
        v.cipher,
        v.group,
        v.ip,
        v.httpVersion,
        v.ech,
        v.privateDns,
        v.proxy,
        v.reloads,
        cert?.sha256,
        cert ? (cert.issuerOrg ?? cert.issuerCN ?? cert.issuer) : undefined,
      ];
      lines.push(cells.map(csvCell).join(','));
    });
    return lines.join('\r\n') + '\r\n';
  });
}

/** A backup that cannot be imported; `message` says why in plain words. */
export class HistoryImportError extends Error {
  override name = 'HistoryImportError';
}

/** What an import added. */
export interface ImportResult {
  visitsAdded: number;
  /** Visits already present (same time and host): skipped, not duplicated. */
  visitsSkipped: number;
  certificatesAdded: number;
  eventsAdded: number;
}

// ---- validation ----------------------------------------------------------------------------

type Obj = Record<string, unknown>;

function fail(path: string, what: string): never {
  throw new HistoryImportError(`Invalid backup: ${path} ${what}.`);
}
function obj(x: unknown, path: string): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail(path, 'is not an object');
  return x as Obj;
}
function num(o: Obj, k: string, path: string): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path}.${k}`, 'is not a number');
  return v;
}
function str(o: Obj, k: string, path: string): string {
  const v = o[k];
  if (typeof v !== 'string') fail(`${path}.${k}`, 'is not a string');
  return v;
}
function optNum(o: Obj, k: string, path: string): number | undefined {
  return o[k] === undefined ? undefined : num(o, k, path);
}
function optStr(o: Obj, k: string, path: string): string | undefined {
  return o[k] === undefined ? undefined : str(o, k, path);
}
function optBool(o: Obj, k: string, path: string): boolean | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') fail(`${path}.${k}`, 'is not true or false');
  return v;
}
function oneOf<T extends string>(list: readonly T[], o: Obj, k: string, path: string): T {
  const v = str(o, k, path);
  if (!(list as readonly string[]).includes(v)) fail(`${path}.${k}`, `is not one of ${list.join(', ')}`);
  return v as T;
}
function arr(o: Obj, k: string, path: string): unknown[] {
  const v = o[k];
  if (!Array.isArray(v)) fail(`${path}.${k}`, 'is not a list');
  return v;
}
function strList(o: Obj, k: string, path: string): string[] | undefined {
  if (o[k] === undefined) return undefined;
  const list = arr(o, k, path);
  list.forEach((x, i) => {
    if (typeof x !== 'string') fail(`${path}.${k}[${i}]`, 'is not a string');
  });
  return list as string[];
}
function copy<T extends object>(target: T, values: Partial<T>): T {
  for (const [k, v] of Object.entries(values)) if (v !== undefined) (target as Obj)[k] = v;
  return target;
}

const EVENT_KINDS: readonly HistoryEventKind[] = [
  'cert-changed',
  'issuer-changed',
  'interception-suspected',
  'https-downgrade',
  'tls-downgrade',
  'ech-lost',
  'weak',
  'expiring',
];

function parseVisit(x: unknown, path: string): ExportedVisit {
  const o = obj(x, path);
  return copy<ExportedVisit>(
    {
      time: num(o, 'time', path),
      host: str(o, 'host', path),
      scheme: oneOf(SCHEMES, o, 'scheme', path),
      verdict: oneOf(VERDICTS, o, 'verdict', path),
    },
    {
      tls: optStr(o, 'tls', path),
      cipher: optStr(o, 'cipher', path),
      group: optStr(o, 'group', path),
      ip: optStr(o, 'ip', path),
      httpVersion: optStr(o, 'httpVersion', path),
      ech: optBool(o, 'ech', path),
      privateDns: optBool(o, 'privateDns', path),
      proxy: optStr(o, 'proxy', path),
      cert: optStr(o, 'cert', path),
      reloads: optNum(o, 'reloads', path),
    },
  );
}

function parseCertificate(x: unknown, path: string): ExportedCertificate {
  const o = obj(x, path);
  const der = optStr(o, 'der', path);
  if (der !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(der)) fail(`${path}.der`, 'is not base64');
  return copy<ExportedCertificate>(
    {
      sha256: str(o, 'sha256', path),
      subject: str(o, 'subject', path),
      issuer: str(o, 'issuer', path),
      hosts: strList(o, 'hosts', path) ?? [],
      firstSeen: num(o, 'firstSeen', path),
      lastSeen: num(o, 'lastSeen', path),
    },
    {
      der,
      subjectCN: optStr(o, 'subjectCN', path),
      subjectOrg: optStr(o, 'subjectOrg', path),
      issuerCN: optStr(o, 'issuerCN', path),
      issuerOrg: optStr(o, 'issuerOrg', path),
      notBefore: optNum(o, 'notBefore', path),
      notAfter: optNum(o, 'notAfter', path),
      serialNumber: optStr(o, 'serialNumber', path),
      sans: strList(o, 'sans', path),
      spkiSha256: optStr(o, 'spkiSha256', path),
      rootBuiltIn: optBool(o, 'rootBuiltIn', path),
    },
  );
}

function parseSnapshot(x: unknown, path: string): SiteSnapshot {
  const o = obj(x, path);
  return copy<SiteSnapshot>(
    { scheme: oneOf(SCHEMES, o, 'scheme', path), verdict: oneOf(VERDICTS, o, 'verdict', path) },
    {
      tls: optStr(o, 'tls', path),
      certSha256: optStr(o, 'certSha256', path),
      issuerOrg: optStr(o, 'issuerOrg', path),
      issuer: optStr(o, 'issuer', path),
      spki: optStr(o, 'spki', path),
      publicRoot: optBool(o, 'publicRoot', path),
      ech: optBool(o, 'ech', path),
      expiringWarned: optStr(o, 'expiringWarned', path),
      echLostAt: optNum(o, 'echLostAt', path),
      tlsDowngradeAt: optNum(o, 'tlsDowngradeAt', path),
    },
  );
}

function parseSite(x: unknown, path: string): ExportedSite {
  const o = obj(x, path);
  return copy<ExportedSite>(
    {
      host: str(o, 'host', path),
      firstSeen: num(o, 'firstSeen', path),
      lastSeen: num(o, 'lastSeen', path),
      visits: num(o, 'visits', path),
      reloads: optNum(o, 'reloads', path) ?? 0,
      httpVisits: optNum(o, 'httpVisits', path) ?? 0,
      snap: parseSnapshot(o['snap'], `${path}.snap`),
    },
    { cert: optStr(o, 'cert', path) },
  );
}

function parseEvent(x: unknown, path: string): ExportedEvent {
  const o = obj(x, path);
  return copy<ExportedEvent>(
    {
      time: num(o, 'time', path),
      host: str(o, 'host', path),
      kind: oneOf(EVENT_KINDS, o, 'kind', path),
    },
    { from: optStr(o, 'from', path), to: optStr(o, 'to', path), ack: optNum(o, 'ack', path) },
  );
}

/**
 * Checks a backup (JSON text or parsed value) and returns it typed, or throws a
 * `HistoryImportError` saying what is wrong. Nothing is written.
 */
export function parseBackup(input: string | unknown): HistoryExport {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch {
      throw new HistoryImportError('This file is not JSON, so it is not an Onlooker history backup.');
    }
  }
  if (typeof raw !== 'object' || raw === null || (raw as Obj)['format'] !== EXPORT_FORMAT) {
    throw new HistoryImportError('This file is not an Onlooker history backup.');
  }
  const o = raw as Obj;
  const version = o['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new HistoryImportError('This backup has no valid format version.');
  }
  if (version > EXPORT_VERSION) {
    throw new HistoryImportError(
      `This backup was made by a newer Onlooker (format ${version}; this one reads up to ${EXPORT_VERSION}). Update Onlooker, then import it.`,
    );
  }
  return {
    format: EXPORT_FORMAT,
    version,
    schemaVersion: optNum(o, 'schemaVersion', 'backup') ?? 0,
    exportedAt: num(o, 'exportedAt', 'backup'),
    visits: arr(o, 'visits', 'backup').map((x, i) => parseVisit(x, `visits[${i}]`)),
    certificates: arr(o, 'certificates', 'backup').map((x, i) => parseCertificate(x, `certificates[${i}]`)),
    sites: arr(o, 'sites', 'backup').map((x, i) => parseSite(x, `sites[${i}]`)),
    events: arr(o, 'events', 'backup').map((x, i) => parseEvent(x, `events[${i}]`)),
  };
}

function encodeExportedVisit(v: ExportedVisit, key: VisitKey, certId: number | undefined): VisitRecord {
  const r: VisitRecord = { t: key, h: v.host };
  setCode(r, 's', encodeScheme(v.scheme));
  setCode(r, 'v', encodeVerdict(v.verdict));
  if (v.tls !== undefined) r.p = encodeTlsVersion(v.tls);
  if (v.cipher !== undefined) r.ci = encodeIn(CIPHERS, v.cipher);
  if (v.group !== undefined) r.g = encodeIn(GROUPS, v.group);
  if (v.ip !== undefined) r.ip = v.ip;
  if (v.httpVersion !== undefined) r.hv = encodeIn(HTTP_VERSIONS, v.httpVersion);
  if (v.ech !== undefined) r.e = v.ech ? 1 : 0;
  if (v.privateDns !== undefined) r.d = v.privateDns ? 1 : 0;
  if (v.proxy !== undefined) r.px = v.proxy;
  if (certId !== undefined) r.c = certId;
  if (v.reloads !== undefined && v.reloads > 0) r.r = v.reloads;
  return r;
}

/**
 * Merges a backup into the history, in one transaction (a bad backup changes nothing).
 * Visits already present (same time and host) are kept as they are; certificates are matched by
 * SHA-256; identical events are not added twice; a site keeps the newer of the two snapshots and
 * its counters are recomputed from the merged visits.
 */
export async function importJson(db: HistoryDb, input: string | unknown): Promise<ImportResult> {
  const backup = parseBackup(input);
  return db.transaction('rw', [db.visits, db.certificates, db.sites, db.events, db.meta], async () => {
    const ids = await createCertIdAllocator(db);
    const idOf = new Map<string, number>();
    let certificatesAdded = 0;
    const knownCerts = await db.certificates.bulkGet(backup.certificates.map((c) => c.sha256));
    for (const [i, c] of backup.certificates.entries()) {
      if (idOf.has(c.sha256)) continue; // listed twice in the file
      const known = knownCerts[i];
      const { der, ...rest } = c;
      if (known) {
        const merged: CertificateRecord = {
          ...known,
          firstSeen: Math.min(known.firstSeen, c.firstSeen),
          lastSeen: Math.max(known.lastSeen, c.lastSeen),
          hosts: [...new Set([...known.hosts, ...c.hosts])],
        };
        const bytes = !known.der && der ? base64ToBytes(der) : undefined;
        if (bytes) merged.der = bytes;
        await db.certificates.put(merged);
        idOf.set(c.sha256, known.id);
      } else {
        const rec: CertificateRecord = { ...rest, id: ids.next() };
        const bytes = der ? base64ToBytes(der) : undefined;
        if (bytes) rec.der = bytes;
        await db.certificates.put(rec);
        idOf.set(c.sha256, rec.id);
        certificatesAdded++;
      }
    }

    const hosts = new Set<string>();
    const fresh = new Map<VisitKey, VisitRecord>();
    let visitsSkipped = 0;
    const stored = await db.visits.bulkGet(backup.visits.map((v) => Math.floor(v.time)));
    for (const [i, v] of backup.visits.entries()) {
      const t = Math.floor(v.time);
      const there = fresh.get(t) ?? stored[i];
      if (there && there.h === v.host) {
        // Same time, same site: the same visit (imported before, or exported from here).
        visitsSkipped++;
        continue;
      }
      // A different visit in the same millisecond keeps both: the newcomer moves 1 ms on.
      const key = there ? await freeVisitKey(db, t, (k) => fresh.has(k)) : t;
      fresh.set(key, encodeExportedVisit(v, key, v.cert !== undefined ? idOf.get(v.cert) : undefined));
      hosts.add(v.host);
    }
    await db.visits.bulkPut([...fresh.values()]);

    for (const s of backup.sites) {
      const local = await db.sites.get(s.host);
      const { cert: sha, ...rest } = s;
      const cert = sha !== undefined ? idOf.get(sha) : undefined;
      if (local && local.lastSeen >= s.lastSeen) {
        // Local knowledge is newer: keep its snapshot; counters are recomputed below.
      } else {
        const site: SiteRecord = { ...rest };
        if (cert !== undefined) site.cert = cert;
        else if (local?.cert !== undefined) site.cert = local.cert;
        await db.sites.put(site);
      }
      hosts.add(s.host);
    }
    for (const host of hosts) {
      if (!(await db.sites.get(host))) {
        // A visit without its site in the backup: start a site with what the visit tells.
        const first = backup.visits.find((v) => v.host === host);
        if (first) {
          await db.sites.put({
            host,
            firstSeen: first.time,
            lastSeen: first.time,
            visits: 0,
            reloads: 0,
            httpVisits: 0,
            snap: { scheme: first.scheme, verdict: first.verdict },
          });
        }
      }
    }
    // Counters from the merged visits; sites that have no visit at all are dropped.
    await recomputeSites(db, hosts, { from: Infinity, to: -Infinity });

    let eventsAdded = 0;
    for (const e of backup.events) {
      const same = await db.events
        .where('[host+time]')
        .equals([e.host, e.time])
        .filter((x) => x.kind === e.kind && x.from === e.from && x.to === e.to)
        .count();
      // An event of a host that has no visits here would be an orphan: skip it.
      if (same > 0 || !(await db.sites.get(e.host))) continue;
      await db.events.add({ ...e });
      eventsAdded++;
    }
    await ids.save();
    return { visitsAdded: fresh.size, visitsSkipped, certificatesAdded, eventsAdded };
  });
}
