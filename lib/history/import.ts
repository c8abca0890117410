/**
 * Import of a JSON backup (lib/history/export.ts writes it): parse, check the WHOLE file
 * (lib/history/backup-validate.ts), then merge it in ONE transaction. A refused file or a failed
 * write leaves the history exactly as it was.
 *
 * Linear in the size of the file: the database is asked in bulk (one bulkGet per table, one key
 * range for the visits), every per-row decision is a Map / Set lookup, and site counters are
 * the local counters plus what the backup adds (no rescan of a site's visits). Progress is
 * reported in three phases; the check yields to the event loop between slices, and the writes
 * go in chunks whose awaits let the page paint.
 */
import { EXPECTATION_LIMITS, expectationId, normaliseExpectations, type Expectation } from '@/lib/watch/expectations';
import { base64ToBytes } from '@/lib/bytes';
import { createYielder, HistoryImportError, validateBackup, type BackupProblem } from './backup-validate';
import { CIPHERS, encodeIn, encodeScheme, encodeTlsVersion, encodeVerdict, GROUPS, HTTP_VERSIONS } from './codes';
import type { ExportedVisit, HistoryExport } from './export';
import {
  isQuotaError,
  type CertificateRecord,
  type HistoryDb,
  type HistoryEventRecord,
  type SiteRecord,
  type VisitKey,
  type VisitRecord,
} from './schema';
import { createCertIdAllocator, HTTP_SCHEME_CODE, setCode } from './write';

/** What an import added. */
export interface ImportResult {
  visitsAdded: number;
  /** Visits already present (same time and host): skipped, not duplicated. */
  visitsSkipped: number;
  certificatesAdded: number;
  eventsAdded: number;
  /** Expectations of the backup the user did not have yet. */
  expectationsAdded?: number;
}

/** Where an import is: reading the file, checking its rows, writing them. */
export interface ImportProgress {
  phase: 'reading' | 'checking' | 'writing';
  done: number;
  total: number;
}

/** The outcome of an import: what was added, or why nothing was. */
export type ImportOutcome =
  | { ok: true; result: ImportResult }
  | { ok: false; problem: BackupProblem }
  /** The database refused the write (disk full, or another failure): nothing was written. */
  | { ok: false; failure: 'quota' | 'write-failed' };

export interface ImportOptions {
  now?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Yields during the check; default: every ~12 ms of work. */
  pause?: () => Promise<void> | undefined;
  /**
   * Where the user's expectations live (storage.local, lib/watch/store.ts). The backup's are
   * added after the history was written; one the user already has (same site and kind) is kept.
   */
  expectations?: { load: () => Promise<Expectation[]>; save: (list: Expectation[]) => Promise<unknown> };
}

/**
 * Rows per write request. Each add is structured-cloned synchronously on the page's thread when
 * it is issued (Chromium measured ~300 µs per row on a loaded 2-core machine): 5000 made a
 * 1.5-2 s task; 1000 keeps each well under half a second, and the page paints between them.
 */
const WRITE_CHUNK = 1000;

/** Parses JSON text, or says it is not JSON (never the parser's own English message). */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: BackupProblem } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: { kind: 'not-json' } };
  }
}

/**
 * Imports a backup (JSON text or an already parsed value). Never throws for a bad file or a
 * failed write: the outcome says what happened.
 */
export async function importBackup(db: HistoryDb, input: string | unknown, options: ImportOptions = {}): Promise<ImportOutcome> {
  let raw = input;
  if (typeof input === 'string') {
    const parsed = parseJson(input);
    if (!parsed.ok) return parsed;
    raw = parsed.value;
  }
  let backup: HistoryExport;
  const pause = options.pause ?? createYielder();
  try {
    backup = await validateBackup(raw, {
      ...(options.now !== undefined ? { now: options.now } : {}),
      pause,
      onProgress: (done, total) => options.onProgress?.({ phase: 'checking', done, total }),
    });
  } catch (err) {
    if (err instanceof HistoryImportError) return { ok: false, problem: err.problem };
    // A value that cannot even be read (a throwing getter in a hand-made object).
    return { ok: false, problem: { kind: 'not-backup' } };
  }
  try {
    const result = await mergeBackup(db, backup, await decodeDers(backup, pause), options.onProgress);
    if (options.expectations && backup.expectations?.length) {
      const have = await options.expectations.load();
      const ids = new Set(have.map(expectationId));
      const fresh = backup.expectations.filter((e) => !ids.has(expectationId(e)));
      if (fresh.length) await options.expectations.save(normaliseExpectations([...have, ...fresh]));
      result.expectationsAdded = Math.min(fresh.length, EXPECTATION_LIMITS.count - have.length);
    }
    return { ok: true, result };
  } catch (err) {
    return { ok: false, failure: isQuotaError(err) ? 'quota' : 'write-failed' };
  }
}

/**
 * Imports or throws: `HistoryImportError` for a refused file, the database's error for a failed
 * write. For callers (and tests) that prefer exceptions.
 */
export async function importJson(
  db: HistoryDb,
  input: string | unknown,
  options: Omit<ImportOptions, 'onProgress'> = {},
): Promise<ImportResult> {
  let raw = input;
  if (typeof input === 'string') {
    const parsed = parseJson(input);
    if (!parsed.ok) throw new HistoryImportError(parsed.problem);
    raw = parsed.value;
  }
  const pause = options.pause ?? (() => undefined);
  const backup = await validateBackup(raw, { ...options, pause });
  return mergeBackup(db, backup, await decodeDers(backup, pause));
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

/** What the imported visits add to one host. */
interface HostTally {
  count: number;
  reloads: number;
  http: number;
  first: number;
  last: number;
  /** The host's first visit in the file, for a site the backup does not describe. */
  sample?: ExportedVisit;
}

/** A local site whose newer snapshot comes from the backup, without new visits. */
const NOTHING_ADDED: HostTally = { count: 0, reloads: 0, http: 0, first: Infinity, last: -Infinity };

/**
 * The smallest key ≥ k that is neither taken by this import (`fresh`) nor stored: a union-find
 * over the keys found taken (each points at the next one to try, paths are compressed), so a
 * file of many visits in one millisecond stays linear. `storedKeys` answers for the key range
 * read up front; keys beyond it are looked up (rare: only after collisions at the range's end).
 */
function createKeyFinder(db: HistoryDb, fresh: Map<VisitKey, string>, storedKeys: Set<number>, scanned: { from: number; to: number }) {
  const next = new Map<number, number>();
  const find = (k: number): number => {
    let root = k;
    while (next.has(root)) root = next.get(root)!;
    // Path compression: everything walked now points at the last key reached.
    let cur = k;
    while (cur !== root) {
      const n = next.get(cur)!;
      next.set(cur, root);
      cur = n;
    }
    return root;
  };
  return async (k: number): Promise<number> => {
    for (;;) {
      const candidate = find(k);
      const outside = candidate < scanned.from || candidate > scanned.to;
      const taken = fresh.has(candidate) || (outside ? (await db.visits.get(candidate)) !== undefined : storedKeys.has(candidate));
      if (!taken) return candidate;
      next.set(candidate, candidate + 1);
    }
  };
}

/**
 * Keys per read request batch. Dexie issues a bulkGet's requests in one go on the page's thread:
 * 16,000 keys made a 200-300 ms task in Chromium (import bench, 16,000 distinct sites).
 */
const READ_CHUNK = 2000;

/** bulkGet in batches of READ_CHUNK; the awaits between them let the page paint. */
async function bulkGetChunked<T, K>(
  table: { bulkGet(keys: K[]): Promise<(T | undefined)[]> },
  keys: readonly K[],
): Promise<(T | undefined)[]> {
  const out: (T | undefined)[] = [];
  for (let i = 0; i < keys.length; i += READ_CHUNK) out.push(...(await table.bulkGet(keys.slice(i, i + READ_CHUNK))));
  return out;
}

/**
 * Every certificate's DER in bytes, by its place in the backup: decoded before the write
 * transaction, pausing like the check does (16,000 certificates took ~200 ms at once), since
 * the transaction cannot wait on anything but its own requests.
 */
async function decodeDers(
  backup: HistoryExport,
  pause: (force?: boolean) => Promise<void> | undefined,
): Promise<(Uint8Array | undefined)[]> {
  const out: (Uint8Array | undefined)[] = [];
  for (const c of backup.certificates) {
    out.push(c.der ? base64ToBytes(c.der) : undefined);
    const p = pause();
    if (p) await p;
  }
  return out;
}

/** Chunked bulk write; the awaits between chunks let the page paint. */
async function writeChunks<T>(rows: readonly T[], write: (chunk: readonly T[]) => Promise<unknown>, progress: (n: number) => void) {
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
    const chunk = rows.slice(i, i + WRITE_CHUNK);
    await write(chunk);
    progress(chunk.length);
  }
}

/**
 * Merges a checked backup into the history, in one transaction. Visits already present (same
 * time and host) are kept as they are; a different visit in the same millisecond moves on to
 * the next free one; certificates are matched by SHA-256; identical events are not added twice;
 * a site keeps the newer of the two snapshots and its counters are the local ones plus the
 * added visits'.
 */
async function mergeBackup(
  db: HistoryDb,
  backup: HistoryExport,
  ders: readonly (Uint8Array | undefined)[],
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportResult> {
  const total = backup.visits.length + backup.certificates.length + backup.sites.length + backup.events.length;
  let written = 0;
  const wrote = (n: number) => {
    written += n;
    onProgress?.({ phase: 'writing', done: written, total });
  };
  onProgress?.({ phase: 'writing', done: 0, total });
  return db.transaction('rw', [db.visits, db.certificates, db.sites, db.events, db.meta], async () => {
    // Certificates: ids first (visits refer to them); the rows are written after the visits,
    // with the hosts that use them (deletion scans only a certificate's hosts).
    const ids = await createCertIdAllocator(db);
    const certs = new Map<string, CertificateRecord>();
    const isNew = new Set<string>();
    const listed = new Set<string>();
    const unique: { c: (typeof backup.certificates)[number]; bytes: Uint8Array | undefined }[] = [];
    backup.certificates.forEach((c, i) => {
      if (listed.has(c.sha256)) return; // listed twice in the file: the first counts
      listed.add(c.sha256);
      unique.push({ c, bytes: ders[i] });
    });
    const known = await bulkGetChunked(
      db.certificates,
      unique.map(({ c }) => c.sha256),
    );
    unique.forEach(({ c, bytes }, i) => {
      const local = known[i];
      const { der: _text, ...rest } = c;
      if (local) {
        const merged: CertificateRecord = {
          ...local,
          firstSeen: Math.min(local.firstSeen, c.firstSeen),
          lastSeen: Math.max(local.lastSeen, c.lastSeen),
          hosts: [...new Set([...local.hosts, ...c.hosts])],
        };
        if (!local.der && bytes) merged.der = bytes;
        certs.set(c.sha256, merged);
      } else {
        const rec: CertificateRecord = { ...rest, hosts: [...new Set(c.hosts)], id: ids.next() };
        if (bytes) rec.der = bytes;
        certs.set(c.sha256, rec);
        isNew.add(c.sha256);
      }
    });

    // Visits: which of the file's keys are taken here, read as one key range.
    let from = Infinity;
    let to = -Infinity;
    for (const v of backup.visits) {
      const t = Math.floor(v.time);
      if (t < from) from = t;
      if (t > to) to = t;
    }
    const scanned = { from, to };
    const storedKeys = new Set<number>(
      backup.visits.length ? ((await db.visits.where(':id').between(from, to, true, true).primaryKeys()) as number[]) : [],
    );
    const colliding = new Set<number>();
    for (const v of backup.visits) {
      const t = Math.floor(v.time);
      if (storedKeys.has(t)) colliding.add(t);
    }
    const collidingKeys = [...colliding];
    const storedHost = new Map<number, string>();
    (await db.visits.bulkGet(collidingKeys)).forEach((r, i) => {
      if (r) storedHost.set(collidingKeys[i]!, r.h);
    });

    const fresh = new Map<VisitKey, string>();
    const freeKey = createKeyFinder(db, fresh, storedKeys, scanned);
    const rows: VisitRecord[] = [];
    const certHosts = new Map<CertificateRecord, Set<string>>();
    const tally = new Map<string, HostTally>();
    let visitsSkipped = 0;
    for (const v of backup.visits) {
      const t = Math.floor(v.time);
      const there = fresh.get(t) ?? storedHost.get(t);
      if (there === v.host) {
        // Same time, same site: the same visit (imported before, or exported from here).
        visitsSkipped++;
        continue;
      }
      const key = there === undefined && !storedKeys.has(t) ? t : await freeKey(t);
      fresh.set(key, v.host);
      const cert = v.cert !== undefined ? certs.get(v.cert) : undefined;
      if (cert) {
        // A Set per certificate: a list of 100,000 hosts searched per visit would be quadratic.
        let hostsOf = certHosts.get(cert);
        if (!hostsOf) certHosts.set(cert, (hostsOf = new Set(cert.hosts)));
        if (!hostsOf.has(v.host)) {
          hostsOf.add(v.host);
          cert.hosts.push(v.host);
        }
      }
      const row = encodeExportedVisit(v, key, cert?.id);
      rows.push(row);
      const h = tally.get(v.host);
      const reloads = row.r ?? 0;
      const http = row.s === HTTP_SCHEME_CODE ? 1 : 0;
      if (h) {
        h.count++;
        h.reloads += reloads;
        h.http += http;
        if (key < h.first) h.first = key;
        if (key > h.last) h.last = key;
      } else {
        tally.set(v.host, { count: 1, reloads, http, first: key, last: key, sample: v });
      }
    }
    // bulkAdd, not bulkPut: a key clash would be a bug, and must fail rather than overwrite.
    await writeChunks(rows, (c) => db.visits.bulkAdd(c as VisitRecord[]), wrote);
    await writeChunks(
      [...certs.values()],
      (c) => db.certificates.bulkPut(c as CertificateRecord[]),
      () => undefined,
    );
    wrote(backup.certificates.length);

    // Sites: the backup's, the hosts of added visits and of events, in one read.
    const siteOf = new Map<string, (typeof backup.sites)[number]>();
    for (const s of backup.sites) if (!siteOf.has(s.host)) siteOf.set(s.host, s);
    const hosts = [...new Set([...siteOf.keys(), ...tally.keys(), ...backup.events.map((e) => e.host)])];
    const locals = await bulkGetChunked(db.sites, hosts);
    const withSite = new Set<string>();
    const sites: SiteRecord[] = [];
    hosts.forEach((host, i) => {
      const local = locals[i];
      const theirs = siteOf.get(host);
      const newer = theirs !== undefined && (!local || theirs.lastSeen > local.lastSeen);
      const add = tally.get(host) ?? (local && newer ? NOTHING_ADDED : undefined);
      if (local) withSite.add(host);
      // A site needs visits: one the backup describes without any here is left out.
      if (!add) return;
      withSite.add(host);
      let base: SiteRecord;
      if (theirs && newer) {
        const { cert: sha, ...rest } = theirs;
        base = { ...rest, reloads: 0, httpVisits: 0 };
        const cert = sha !== undefined ? certs.get(sha)?.id : undefined;
        if (cert !== undefined) base.cert = cert;
        else if (local?.cert !== undefined) base.cert = local.cert;
      } else if (local) {
        base = local;
      } else {
        // A visit without its site in the backup: start a site with what the visit tells.
        const sample = add.sample!;
        base = {
          host,
          firstSeen: add.first,
          lastSeen: add.last,
          visits: 0,
          reloads: 0,
          httpVisits: 0,
          snap: { scheme: sample.scheme, verdict: sample.verdict },
        };
      }
      sites.push({
        ...base,
        visits: (local?.visits ?? 0) + add.count,
        reloads: (local?.reloads ?? 0) + add.reloads,
        httpVisits: (local?.httpVisits ?? 0) + add.http,
        firstSeen: Math.min(local?.firstSeen ?? Infinity, add.first),
        lastSeen: Math.max(base.lastSeen, local?.lastSeen ?? -Infinity, add.last),
      });
    });
    await writeChunks(
      sites,
      (c) => db.sites.bulkPut(c as SiteRecord[]),
      () => undefined,
    );
    wrote(backup.sites.length);

    // Events: an identical one (host, time, kind, from, to) is not added twice; one of a host
    // without visits here would be an orphan and is skipped.
    const sig = (e: Pick<HistoryEventRecord, 'host' | 'time' | 'kind' | 'from' | 'to'>) =>
      JSON.stringify([e.host, e.time, e.kind, e.from ?? null, e.to ?? null]);
    const pairs = new Map<string, [string, number]>();
    for (const e of backup.events) if (withSite.has(e.host)) pairs.set(JSON.stringify([e.host, e.time]), [e.host, e.time]);
    const have = new Set<string>();
    if (pairs.size) {
      for (const e of await db.events
        .where('[host+time]')
        .anyOf([...pairs.values()])
        .toArray())
        have.add(sig(e));
    }
    const events: HistoryEventRecord[] = [];
    for (const e of backup.events) {
      const s = sig(e);
      if (!withSite.has(e.host) || have.has(s)) continue;
      have.add(s);
      events.push({ ...e });
    }
    await writeChunks(
      events,
      (c) => db.events.bulkAdd(c as HistoryEventRecord[]),
      () => undefined,
    );
    wrote(backup.events.length);
    await ids.save();
    return { visitsAdded: rows.length, visitsSkipped, certificatesAdded: isNew.size, eventsAdded: events.length };
  });
}
