/**
 * THE schema of the local privacy history (IndexedDB database "onlooker-history").
 *
 * Rules for changing it:
 *  - Versions are append-only. Never edit a published `STORES_Vn` or upgrade function; add
 *    `STORES_Vn+1` (only the tables that change) and, when data must move, an upgrade function.
 *  - Every upgrade gets a test that fills a database of the previous version (opened with only
 *    the old `STORES_*`) and checks that nothing was lost (tests/unit/history/schema.test.ts).
 *  - Codes stored in visits (lib/history/codes.ts) are append-only too.
 *
 * Size: a visit is the row there are 100k of, so its fields have one- or two-letter names, small
 * codes instead of strings, and an integer reference to its certificate; undefined fields are
 * omitted (IndexedDB would store the key of an `undefined` property). Certificates, sites and
 * events are few, so they keep readable names.
 */
import Dexie, { type Table, type Transaction } from 'dexie';
import type { HistoryEventKind, SiteSnapshot } from './changes';
import type { Coded } from './codes';
import { SCHEMES } from './codes';

export const DB_NAME = 'onlooker-history';

/**
 * A visit's primary key: its time in integer ms, unique. Two navigations that start in the same
 * millisecond get consecutive values (the logger bumps the later one by 1 ms), so the key is a
 * single number (9 bytes in every index entry, against 20 for [time, tab]) and sorts by time.
 */
export type VisitKey = number;

/**
 * One top-level navigation (redirects collapsed; reloads counted in `r`).
 * The key is assigned once, when the visit is queued, and stored with it: a re-flush after a
 * worker restart writes the same key again, which overwrites and never duplicates.
 */
export interface VisitRecord {
  /** Navigation start, integer ms since the epoch (+ a few ms if that ms was taken). Primary key. */
  t: number;
  /** Host name, lower case, without port. */
  h: string;
  /**
   * Scheme code (codes.ts `SCHEMES`); absent = https. Leaving the common value out saves bytes
   * in the row and, above all, keeps the `[s+t]` index sparse: only non-HTTPS visits are in it.
   */
  s?: number;
  /** Verdict code (codes.ts `VERDICTS`); absent = secure, so `[v+t]` holds only the others. */
  v?: number;
  /** TLS version: 13 = TLS 1.3, 12, 11, 10, 3 = SSLv3, or the browser's string when unknown. */
  p?: Coded;
  /** Cipher: index in `CIPHERS` or the name. */
  ci?: Coded;
  /** Key-exchange group: index in `GROUPS` or the name. */
  g?: Coded;
  /** Server IP address as the browser gave it. */
  ip?: string;
  /** HTTP version: index in `HTTP_VERSIONS` or the string. */
  hv?: Coded;
  /** Encrypted Client Hello: 1 used, 0 known not used, absent unknown. */
  e?: 0 | 1;
  /** Private DNS (DoH): 1 used, 0 known not used, absent unknown. */
  d?: 0 | 1;
  /** Proxy as "type host:port". */
  px?: string;
  /** Certificate: `CertificateRecord.id` of the leaf. */
  c?: number;
  /** Reloads of this page in the same tab after the first load; absent = 0. */
  r?: number;
}

/**
 * A leaf certificate, stored once however many visits show it (deduplicated by SHA-256).
 */
export interface CertificateRecord {
  /** Upper-case colon hex as browsers print it ("9A:5B:…"). Primary key. */
  sha256: string;
  /** Small integer that visits refer to (`VisitRecord.c`); unique, never reused. */
  id: number;
  /** The certificate, DER bytes (binary: a third smaller than base64). */
  der?: Uint8Array;
  subject: string;
  issuer: string;
  subjectCN?: string;
  subjectOrg?: string;
  issuerCN?: string;
  issuerOrg?: string;
  /** Validity, ms since the epoch. */
  notBefore?: number;
  notAfter?: number;
  serialNumber?: string;
  sans?: string[];
  /** SHA-256 of the SubjectPublicKeyInfo, base64. */
  spkiSha256?: string;
  /** Whether the chain it came with ended in a built-in root, when the browser said. */
  rootBuiltIn?: boolean;
  /**
   * Hosts that presented it. Lets deletion find out whether a certificate is still referenced
   * by scanning only those hosts' visits, without a per-visit index on `c`.
   */
  hosts: string[];
  /** First and last time a visit showed it, ms. */
  firstSeen: number;
  lastSeen: number;
}

/** Per-host summary and the memory change detection compares against. Primary key `host`. */
export interface SiteRecord {
  host: string;
  /** Time of the first and last stored visit (a reload moves `lastSeen`), ms. */
  firstSeen: number;
  lastSeen: number;
  /** Stored visit rows of this host. */
  visits: number;
  /** Sum of the reloads of those visits. */
  reloads: number;
  /** Stored visits over plain HTTP (added in v2; backfilled by its upgrade). */
  httpVisits: number;
  /** Current certificate (`CertificateRecord.id`), when one was ever seen. */
  cert?: number;
  /** What change detection remembers (lib/history/changes.ts). */
  snap: SiteSnapshot;
}

/** Something that changed for a site (certificate, downgrade, …). Primary key: auto id. */
export interface HistoryEventRecord {
  id?: number;
  time: number;
  host: string;
  kind: HistoryEventKind;
  from?: string;
  to?: string;
  /** When the user saw it in the popup or history page, ms; absent = not yet seen. */
  ack?: number;
}

/** Bookkeeping rows: the flush watermark (exactly-once writes) and the certificate id counter. */
export type MetaRecord = { k: 'flush'; epoch: string; seq: number } | { k: 'certSeq'; n: number };

/**
 * Version 1.
 * visits: primary t (time order); [h+t] per-site timelines; v verdict and s scheme
 * (sparse: rows with the common value, secure / https, leave the field out and are not indexed).
 * certificates: primary sha256; &id unique integer for visits to point at.
 * events: auto id; time; [host+time] per-site lists.
 */
export const STORES_V1 = {
  visits: 't, [h+t], v, s',
  certificates: 'sha256, &id',
  sites: 'host',
  events: '++id, time, [host+time]',
  meta: 'k',
} as const;

/**
 * Version 2: the history page filters by verdict or "plain HTTP only" and shows newest first.
 * Single-field `v` / `s` indexes can only give those rows in primary-key order after reading
 * them all; `[v+t]` / `[s+t]` give a page of one verdict or scheme in time order directly, and
 * replace `v` / `s` (an equality query on the first part still works), so no bytes are added.
 * Sites gain `httpVisits` for "sites still on HTTP"; the upgrade counts it from the visits.
 */
const STORES_V2 = {
  visits: 't, [h+t], [v+t], [s+t]',
} as const;

/** The newest schema version; exports record it. */
export const SCHEMA_VERSION = 2;

const HTTP_CODE = SCHEMES.indexOf('http');

/** v1 → v2: backfill `sites.httpVisits` from the visits (one pass over the visits). */
async function upgradeV2(tx: Transaction): Promise<void> {
  const counts = new Map<string, number>();
  // A plain scan, not an index: which v1 indexes still exist while v2's are built is Dexie's
  // business, and this runs once.
  await tx
    .table<VisitRecord, VisitKey>('visits')
    .toCollection()
    .each((v) => {
      if (v.s === HTTP_CODE) counts.set(v.h, (counts.get(v.h) ?? 0) + 1);
    });
  await tx
    .table<SiteRecord, string>('sites')
    .toCollection()
    .modify((site) => {
      site.httpVisits = counts.get(site.host) ?? 0;
    });
}

/** The history database. One instance per context; Dexie opens it lazily on first use. */
export class HistoryDb extends Dexie {
  visits!: Table<VisitRecord, VisitKey>;
  certificates!: Table<CertificateRecord, string>;
  sites!: Table<SiteRecord, string>;
  events!: Table<HistoryEventRecord, number>;
  meta!: Table<MetaRecord, string>;

  constructor(name: string = DB_NAME) {
    super(name);
    this.version(1).stores(STORES_V1);
    this.version(2).stores(STORES_V2).upgrade(upgradeV2);
  }

  /**
   * Lets a failed open be tried again. Dexie keeps a failed open for good and fails every later
   * call with it; Chromium fails opens while the disk is full ("Internal error opening backing
   * store"), so without this the history stays unreadable after the disk has room again.
   */
  retryFailedOpen(): this {
    if (this.openFailed()) this.close({ disableAutoOpen: false });
    return this;
  }

  /** Whether the last open failed (and the database was not closed on purpose since). */
  openFailed(): boolean {
    return !this.isOpen() && this.hasFailed() && !this.hasBeenClosed();
  }
}

/**
 * True for a "disk full" error however it is wrapped: Dexie's QuotaExceededError, a
 * DOMException of that name, Firefox's NS_ERROR_DOM_QUOTA_REACHED, or an AbortError /
 * BulkError carrying one as `inner`, `cause` or in `failures`.
 */
export function isQuotaError(err: unknown, depth = 0): boolean {
  if (depth > 5 || typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown; code?: unknown };
  if (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  if (isQuotaError(e.inner, depth + 1) || isQuotaError(e.cause, depth + 1)) return true;
  if (Array.isArray(e.failures)) return e.failures.some((f) => isQuotaError(f, depth + 1));
  if (e.failures && typeof e.failures === 'object') {
    return Object.values(e.failures as Record<string, unknown>).some((f) => isQuotaError(f, depth + 1));
  }
  return false;
}
