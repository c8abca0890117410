/**
 * Forgetting: retention by age, deletion of one site, of a time range, of everything, and the
 * pruning of the oldest visits when the disk is full. Each runs in one transaction, so an
 * interrupted deletion leaves the history as it was, and keeps sites' counters and the
 * certificate store consistent with the visits that remain.
 */
import type { HistoryDb, VisitRecord } from './schema';
import { deleteVisits, sweepCertificates } from './write';

/** Default retention of visits, days. */
export const DEFAULT_RETENTION_DAYS = 90;

const DAY_MS = 86_400_000;

function allTables(db: HistoryDb) {
  return [db.visits, db.certificates, db.sites, db.events, db.meta];
}

/** What a deletion removed. */
export interface DeletionResult {
  visits: number;
}

/**
 * Deletes visits older than `days` (default 90) before `now`, events older than that, and the
 * certificates and sites nothing refers to any more.
 */
export async function applyRetention(
  db: HistoryDb,
  days: number = DEFAULT_RETENTION_DAYS,
  now: number = Date.now(),
): Promise<DeletionResult> {
  const cutoff = now - days * DAY_MS;
  return db.transaction('rw', allTables(db), async () => {
    const rows = await db.visits.where('t').below(cutoff).toArray();
    const visits = await deleteVisits(db, rows);
    await db.events.where('time').below(cutoff).delete();
    return { visits };
  });
}

/** Deletes everything about one host: visits, site, events, certificates only it used. */
export async function deleteSite(db: HistoryDb, host: string): Promise<DeletionResult> {
  return db.transaction('rw', allTables(db), async () => {
    const rows = await db.visits.where('[h+t]').between([host, -Infinity], [host, Infinity], true, true).toArray();
    const site = await db.sites.get(host);
    const visits = await deleteVisits(db, rows);
    // deleteVisits removed the site if it had visits; a site without any goes here.
    await db.sites.delete(host);
    await db.events.where('[host+time]').between([host, -Infinity], [host, Infinity], true, true).delete();
    if (site?.cert !== undefined) await sweepCertificates(db, [site.cert]);
    // Certificates shared with other hosts stay, but no longer list this host.
    await db.certificates
      .filter((c) => c.hosts.includes(host))
      .modify((c) => {
        c.hosts = c.hosts.filter((h) => h !== host);
      });
    await db.certificates.filter((c) => c.hosts.length === 0).delete();
    return { visits };
  });
}

/** Deletes visits and events with `from <= time <= to` (ms), and what only they referred to. */
export async function deleteRange(db: HistoryDb, from: number, to: number): Promise<DeletionResult> {
  return db.transaction('rw', allTables(db), async () => {
    const rows: VisitRecord[] = await db.visits.where('t').between(from, to, true, true).toArray();
    const visits = await deleteVisits(db, rows);
    await db.events.where('time').between(from, to, true, true).delete();
    return { visits };
  });
}

/** Deletes the whole history. The flush watermark is kept so a pending flush stays exactly-once. */
export async function deleteAll(db: HistoryDb): Promise<DeletionResult> {
  return db.transaction('rw', allTables(db), async () => {
    const visits = await db.visits.count();
    await Promise.all([db.visits.clear(), db.certificates.clear(), db.sites.clear(), db.events.clear()]);
    return { visits };
  });
}

/**
 * Deletes the oldest `fraction` of the visits (at least one) to make room after a quota error.
 * Returns how many were deleted.
 */
export async function pruneOldest(db: HistoryDb, fraction: number): Promise<number> {
  return db.transaction('rw', allTables(db), async () => {
    const total = await db.visits.count();
    if (total === 0) return 0;
    const n = Math.min(total, Math.max(1, Math.ceil(total * fraction)));
    const rows = await db.visits.orderBy('t').limit(n).toArray();
    const last = rows[rows.length - 1];
    const deleted = await deleteVisits(db, rows);
    // Events from the pruned span go too: they describe visits that are no longer there.
    if (last) await db.events.where('time').belowOrEqual(last.t).delete();
    return deleted;
  });
}
