/**
 * Export: the JSON backup (read back by lib/history/import.ts) and the CSV of visits.
 *
 * The JSON format is decoded and self-describing (scheme names, "TLSv1.3", certificate SHA-256
 * instead of the database's internal ids), so a backup does not depend on the database schema
 * version and can be read by other tools. `version` is the version of this file format, not of
 * the database. Hand-written rather than dexie-export-import: that library's format is the raw
 * table dump (internal codes and ids), which is exactly what a backup should not expose.
 */
import { decodeVisit, type VisitFields } from './queries';
import { SCHEMA_VERSION, type CertificateRecord, type HistoryDb, type HistoryEventRecord, type SiteRecord } from './schema';
import { bytesToBase64 } from '@/lib/bytes';
import { withDefined } from '@/lib/optional';
import type { Expectation } from '@/lib/watch/expectations';

export const EXPORT_FORMAT = 'onlooker-history';
/**
 * Version of the file format. Readers accept this and older versions.
 * 2: adds `expectations` (the user's per-site expectations, lib/watch/expectations.ts).
 */
export const EXPORT_VERSION = 2;

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
  /** Since version 2; absent in version 1 files. Kept in storage.local, not the database. */
  expectations?: Expectation[];
}

/** Reads the whole history into a backup object (one read transaction: a consistent copy). */
export async function exportHistory(
  db: HistoryDb,
  now: number = Date.now(),
  expectations: readonly Expectation[] = [],
): Promise<HistoryExport> {
  return db.transaction('r', [db.visits, db.certificates, db.sites, db.events], async () => {
    const certs = await db.certificates.toArray();
    const shaOf = new Map(certs.map((c) => [c.id, c.sha256]));
    const visits: ExportedVisit[] = [];
    await db.visits.each((r) => {
      const v = decodeVisit(r);
      const out: ExportedVisit = { time: v.time, host: v.host, scheme: v.scheme, verdict: v.verdict };
      withDefined(out, {
        tls: v.tls,
        cipher: v.cipher,
        group: v.group,
        ip: v.ip,
        httpVersion: v.httpVersion,
        ech: v.ech,
        privateDns: v.privateDns,
        proxy: v.proxy,
        cert: v.certId !== undefined ? shaOf.get(v.certId) : undefined,
      });
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
      expectations: expectations.map((e) => ({ ...e })),
    };
  });
}

/** The backup as JSON text. */
export async function exportJson(db: HistoryDb, now: number = Date.now(), expectations: readonly Expectation[] = []): Promise<string> {
  return JSON.stringify(await exportHistory(db, now, expectations));
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
